#!/usr/bin/env bats
# crm-asset: what customers own, from won opportunities or by hand; the
# warranty and contract of a case's asset; what ends soon, for cron.

load helper
bats_require_minimum_version 1.5.0

# Acme buys three GTX Pro and a care pack (opportunity 1, not yet won).
asset_seed() {
	seed
	crm-product add sku=GTX-PRO 'name=GTX Pro' price=100 >/dev/null
	crm-product add sku=CARE 'name=Care pack' price=10 >/dev/null
	crm-opp add name=Deal account=Acme contact=1 >/dev/null
	crm-opp item add 1 product=GTX-PRO qty=3 >/dev/null
	crm-opp item add 1 product=CARE >/dev/null
}

@test "asset from-opp: one asset per item of a won opportunity, once; a deal not won is refused" {
	asset_seed
	fails_unchanged 3 "crm-asset: opp 1 is not won" crm-asset from-opp 1 warranty_end=+2y
	crm-opp win 1
	run --separate-stderr crm-asset from-opp 1 warranty_end=+2y
	[ "$status" -eq 0 ]
	output_is <<'EOF'
1
2
EOF
	run crm-asset list -o csv --fields id,product,account,opp,qty,installed,warranty_end,status
	output_is <<'EOF'
id,product,account,opp,qty,installed,warranty_end,status
1,GTX-PRO,Acme,Deal,3,2026-03-01,2028-03-01,active
2,CARE,Acme,Deal,1,2026-03-01,2028-03-01,active
EOF
	run --separate-stderr crm-asset from-opp 1
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "crm-asset: opp 1 already has its assets; none added" ]
	fails_unchanged 1 "crm-asset: no opp 9" crm-asset from-opp 9
	# the account's show lists them
	run crm-account show Acme
	[[ "$output" == *"assets:"* ]]
}

@test "asset add by hand: serial numbers are unique; a warranty cannot end before installation" {
	asset_seed
	crm-asset add product=GTX-PRO serial=SN-001 account=Acme installed=2025-01-10 \
		warranty_end=2027-01-10 'location=Madrid office' >/dev/null
	fails_unchanged 3 "crm-asset: serial: 'sn-001' already belongs to asset 1" \
		crm-asset add product=GTX-PRO serial=sn-001
	fails_unchanged 3 "crm-asset: warranty_end: before it was installed (2025-01-10) '2024-12-31'" \
		crm-asset add product=GTX-PRO serial=SN-002 installed=2025-01-10 warranty_end=2024-12-31
	fails_unchanged 3 "crm-asset: product: required" crm-asset add serial=SN-003
	[ "$(crm-asset show SN-001 -o tsv --fields location)" = "Madrid office" ]
}

@test "a case about an asset: its product and account, and whether it is under warranty or contract" {
	asset_seed
	crm-asset add product=GTX-PRO serial=SN-001 account=Acme installed=2025-01-10 \
		warranty_end=2026-03-20 contract_end=2026-02-28 >/dev/null
	crm-case add subject='Screen flickers' asset=SN-001 >/dev/null
	[ "$(crm-case list -o tsv --fields asset,product,account)" = "SN-001	GTX-PRO	Acme" ]
	run crm-case show 1
	[[ "$output" == *"asset 1 (GTX-PRO, serial SN-001):
  warranty:   until 2026-03-20 (19 days left)
  contract:   ended 2026-02-28"* ]]
	run env CRM_NOW=2026-04-01T09:00:00Z crm-case show 1
	[[ "$output" == *"  warranty:   ended 2026-03-20"* ]]
	# the asset's show lists its cases
	run crm-asset show 1
	[[ "$output" == *"cases:
  1  Screen flickers"* ]]
}

@test "crm-case assets --expiring 60d: warranties and contracts ending soon, for cron; nothing prints nothing" {
	asset_seed
	crm-asset add product=GTX-PRO serial=A account=Acme warranty_end=2026-03-20 >/dev/null
	crm-asset add product=GTX-PRO serial=B account=Acme contract_end=2026-04-25 warranty_end=2027-01-01 >/dev/null
	crm-asset add product=CARE serial=C account=2 contract_end=2026-02-01 >/dev/null
	crm-asset add product=CARE serial=D account=2 contract_end=2026-03-05 status=retired >/dev/null
	run crm-case assets --expiring 60d -o table
	output_is <<'EOF'
id  ends      on          left  account  product  serial
 1  warranty  2026-03-20  19d   Acme     GTX-PRO  A
 2  contract  2026-04-25  55d   Acme     GTX-PRO  B
EOF
	# 30 days by default; filters narrow it; crm-asset expiring is the same list
	[ "$(crm-case assets | cut -f1,2)" = "1	warranty" ]
	[ "$(crm-asset expiring --within 60d account=Acme serial=B | cut -f1,2)" = "2	contract" ]
	run --separate-stderr crm-case assets --expiring 7d
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run --separate-stderr crm-case assets --expiring 12h
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "crm-case: --expiring: not a number of days or weeks like 60, 60d, 8w '12h'" ]
	# a bare number is days, as everywhere else
	[ "$(crm-case assets --expiring 60 | cut -f1)" = "$(crm-case assets --expiring 60d | cut -f1)" ]
	[ "$(crm-asset expiring --within 19 | cut -f1)" = 1 ]
	run crm-asset expiring --within 18
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}
