#!/usr/bin/env bats
# crm-contact query: address completion in the format mutt, neomutt and aerc read.

load helper
bats_require_minimum_version 1.5.0

@test "query: a first line, then email<TAB>name<TAB>extra, accents ignored, prefixes match" {
	seed
	crm-contact set 1 title=Gerente email2=ana.garcia@gmail.com >/dev/null
	run crm-contact query garc
	[ "$status" -eq 0 ]
	output_is <<'EOF2'
crm: 3 addresses for 'garc'
ana@acme.es	Ana García	Gerente, Acme
ana.garcia@gmail.com	Ana García	Gerente, Acme
jose@garcia.es	José Pérez	García y Asociados
EOF2
	run crm-contact query FRANÇOISE
	output_is <<'EOF2'
crm: 1 address for 'FRANÇOISE'
fd@example.fr	Françoise Dubois	
EOF2
}

@test "query: --no-header for clients that read no first line; --limit; nothing found exits 1" {
	seed
	run crm-contact query --no-header --limit 1 a
	output_is <<<"ana@acme.es	Ana García	Acme"
	run crm-contact query nobody
	[ "$status" -eq 1 ]
	output_is <<<"crm: 0 addresses for 'nobody'"
	crm-contact add first_name=Sin last_name=Correo >/dev/null
	run crm-contact query correo
	[ "$status" -eq 1 ]
}

@test "query: bad use is a usage error" {
	seed
	fails_unchanged 2 "crm-contact: give the text to look for
usage: crm-contact query [OPTIONS] TEXT..." crm-contact query
	fails_unchanged 2 "crm-contact: query prints what mail clients read; 'list -o' prints the other formats
usage: crm-contact query [OPTIONS] TEXT..." crm-contact query -o json ana
}

@test "query: a tab or a line break inside a value cannot break the format" {
	crm-contact add first_name=$'Ana\tMaría' last_name=Ruiz email=ana@x.es title=$'a\nb' >/dev/null
	run crm-contact query ruiz
	output_is <<'EOF2'
crm: 1 address for 'ruiz'
ana@x.es	Ana María Ruiz	a b
EOF2
}
