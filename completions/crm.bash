# bash completion for crm and its commands                       -*- sh -*-
#
# The words come from the commands themselves, so they follow the code and
# the database: `CMD --complete=verbs` prints the verbs, `CMD --complete=VERB`
# that verb's options, `CMD --complete=fields` the field names of the
# database in use (custom fields included), `CMD --complete=value:FIELD:TEXT`
# the values of a field that begin with TEXT (the names of the records a
# reference names, a choice's values, yes and no) and `CMD
# --complete=name:TEXT` the names of the command's own records; `crm-opp
# stages -o tsv` gives the stages of a pipeline.  Only the options that
# take a value, what their values are (with `crm-quote show -o html|text`,
# `crm-task export -o ics`, the reports' `-o html` and their --by
# dimensions and --period periods), the sub-verbs of `crm-opp item`,
# `crm-quote item`, `crm-opp stages`, `crm-lead rule`, `crm attachment`,
# `crm config` (and its keys: hooks.dir, a directory; mail.self,
# mail.support; mail.unknown, contact or lead), `crm mail` (a message file,
# or --maildir DIR) and `crm-report quota|rate`, the
# first words of `crm-report stale|next`, the kinds of record each report
# filters, the records that `crm-log timeline` and `crm attach` name, and
# the fields of a quote or a task that crm computes are known here.
#
# Install as .../bash-completion/completions/crm, crm-contact, crm-account,
# crm-lead, crm-opp, crm-product, crm-quote, crm-task, crm-log,
# crm-report, crm-case, crm-campaign, crm-asset and crm-user, or source it from
# ~/.bashrc.

# Options that take a value (their next word is not a verb word).
_crm_arg_opts=" --db -o --format --fields --sort --limit --where --key --map --rejects --run --to --reason --explain --days --about --attach --task --log --account --by --period --from --as-of --commit --min --min-score --resolution --csat --nps --within --expiring --delimiter --encoding --date-format --maildir "

# The fields crm sets, never assigned, of command $1 (a path or a name).
_crm_computed()
{
	case ${1##*/} in
	crm-quote) echo "id created updated number version subtotal tax_amount total" ;;
	crm-task) echo "id created updated anchor reminded finished" ;;
	crm-case) echo "id created updated respond_by resolve_by responded paused held resolved closed" ;;
	*) echo "id created updated" ;;
	esac
}

# The kinds of record that `crm-log timeline`, `crm attach` and
# `crm attachment list` name as KIND=ID or KIND=NAME (log: an entry of the log).
_crm_record_kinds()
{
	printf '%s\n' contact account lead opp product quote task log case campaign asset user
}

# The entities `CMD add - --about ENTITY` takes: the references among the
# fields of command $1 (with database $2).
_crm_about()
{
	local f
	# the members of a campaign are contacts or leads
	[[ ${1##*/} == crm-campaign ]] && { printf '%s\n' contact lead; return; }
	for f in $(_crm_ask "$1" fields "$2"); do
		case $f in
		contact | account | lead | opp | product | quote | case) printf '%s\n' "$f" ;;
		esac
	done
}

# The sub-verbs of `CMD item`: those of crm-quote, else those of crm-opp.
_crm_item_verbs()
{
	case ${1##*/} in
	crm-quote) printf '%s\n' add list show set rm restore ;;
	*) printf '%s\n' add list rm ;;
	esac
}

# The executable behind a command word as typed: a path, or a name in PATH.
_crm_resolve()
{
	local c=$1
	[[ $c == "~/"* ]] && c=$HOME/${c#"~/"}
	if [[ $c == */* ]]; then
		[[ -x $c ]] && printf '%s\n' "$c"
		return
	fi
	type -P -- "$c"
}

# The executable of `crm NAME`: crm-NAME beside crm, else in PATH.
_crm_sub()
{
	local crm=$1 name=$2
	if [[ $crm == */* && -x ${crm%/*}/crm-$name ]]; then
		printf '%s\n' "${crm%/*}/crm-$name"
	else
		type -P -- "crm-$name"
	fi
}

# Asks CMD for completion words: _crm_ask CMD WHAT [DB].
_crm_ask()
{
	[[ -n $1 ]] || return
	if [[ -n $3 ]]; then
		CRM_DB=$3 "$1" --complete="$2" 2>/dev/null
	else
		"$1" --complete="$2" 2>/dev/null
	fi
}

# The database a command would open: $1 (from --db), else $CRM_DB, else the
# default; printed only if it is a file that exists, so that completing never
# creates one, or a server's connection string.
_crm_db_file()
{
	local f=${1:-${CRM_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/crm/crm.db}}
	local server='^(postgres(ql)?://|[a-z_]+[[:space:]]*=)'
	[[ -f $f || $f =~ $server ]] && printf '%s\n' "$f"
}

# The stages of pipeline $3, from `CMD stages -o tsv`: _crm_stages CMD DB
# PIPELINE (the stages of every pipeline are the values of the field stage).
_crm_stages()
{
	local cmd=$1 f
	f=$(_crm_db_file "$2") || return
	[[ -n $cmd ]] || return
	CRM_DB=$f CRM_BUSY_TIMEOUT=1 "$cmd" stages -o tsv 2>/dev/null |
		awk -F '\t' -v p="$3" '$1 == p { print $3 }'
}

# The word being completed as the shell will read it: sets _crm_text to it
# without the quote it opens, if any, and its backslashes, and _crm_quote to
# that quote.
_crm_unquote()
{
	local w=$1
	_crm_text= _crm_quote=
	if [[ $w == [\"\']* ]]; then
		_crm_quote=${w:0:1}
		w=${w:1}
	fi
	if [[ $_crm_quote == "'" ]]; then
		_crm_text=$w
		return
	fi
	while [[ $w == *\\* ]]; do
		_crm_text+=${w%%\\*}
		w=${w#*\\}
		_crm_text+=${w:0:1}
		w=${w:1}
	done
	_crm_text+=$w
}

# Sets COMPREPLY to the words of $1 (one a line), every one: crm chose them,
# case and accents aside, and matching them again here would drop
# "Álvarez" for "alv".  Each is quoted, so that the shell reads a name with
# spaces as one word, unless the word being completed ($2) opened a quote,
# and comes after $_crm_head, if set (see _crm_value_field).
_crm_reply_all()
{
	local w
	_crm_unquote "$2"
	COMPREPLY=()
	while IFS= read -r w; do
		[[ -n $w ]] || continue
		[[ -z $_crm_quote ]] && printf -v w %q "$w"
		COMPREPLY+=("${_crm_head-}$w")
	done <<<"$1"
	# readline puts what they have in common in place of the word: when
	# that is shorter ("A" for "alvea", given "Alvear" and "ALVEAR"), an
	# empty word among them keeps the word as it is
	if ((${#COMPREPLY[@]} > 1)); then
		local typed=${_crm_head-}${2#[\"\']} common
		common=$(_crm_common_prefix "${COMPREPLY[@]}")
		((${#common} < ${#typed})) && COMPREPLY+=("")
	fi
}

# The longest prefix that the words "$@" share.
_crm_common_prefix()
{
	local p=$1 w
	for w in "${@:2}"; do
		while [[ $w != "$p"* ]]; do
			p=${p%?}
		done
	done
	printf '%s\n' "$p"
}

# Sets COMPREPLY to the values of field $2 of command $1 (database $3) that
# begin with the word being completed, $4: `CMD --complete=value:FIELD:TEXT`.
# In a filter's "FIELD=a,b" (any of), when no value has the comma, those of
# the last item.
_crm_reply_values()
{
	local cur=$4 values q=
	_crm_unquote "$cur"
	values=$(CRM_BUSY_TIMEOUT=1 _crm_ask "$1" "value:$2:$_crm_text" "$3")
	if [[ -z $values && $cur == *,* ]]; then
		[[ $cur == [\"\']* ]] && q=${cur:0:1} cur=${cur:1}
		_crm_head+=${cur%,*},
		cur=$q${cur##*,}
		_crm_unquote "$cur"
		values=$(CRM_BUSY_TIMEOUT=1 _crm_ask "$1" "value:$2:$_crm_text" "$3")
	fi
	_crm_reply_all "$values" "$cur"
}

# Sets COMPREPLY to the names of the records of command $1 (database $2)
# that begin with the word being completed, $3: `CMD --complete=name:TEXT`.
_crm_reply_names()
{
	_crm_unquote "$3"
	_crm_reply_all "$(CRM_BUSY_TIMEOUT=1 _crm_ask "$1" "name:$_crm_text" "$2")" "$3"
}

# Whether the word being completed is the value of a field: bash splits
# "FIELD=V", "FIELD!=V", "tags+=V" and "tags-=V" at "=", and "FIELD>=V",
# "FIELD<=V", "FIELD<V" and "FIELD>V" at the operator ($1 is the word being
# completed, $2 and $3 the two before it), but not a quoted "'FIELD=V".
# Sets _crm_field to FIELD (empty if it is not one, as after an option),
# _crm_value to V (with the quote) and _crm_head to what goes before each
# value offered (the FIELD= inside the quote).
_crm_value_field()
{
	local w
	_crm_field= _crm_value=$1 _crm_head=
	if [[ -n $1 && $1 =~ ^[\<\>]?=?$ ]]; then
		w=$2
		_crm_value=
	elif [[ -n $2 && $2 =~ ^[\<\>]?=?$ ]]; then
		w=$3
	elif [[ $1 =~ ^([\"\'])([A-Za-z_][A-Za-z0-9_]*[+!-]?)(=|[\<\>]=?)(.*)$ ]]; then
		w=${BASH_REMATCH[2]}
		_crm_head=${BASH_REMATCH[2]}${BASH_REMATCH[3]}
		_crm_value=${BASH_REMATCH[1]}${BASH_REMATCH[4]}
	else
		return 1
	fi
	w=${w%[+!-]}
	[[ $w =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && _crm_field=$w
}

# Sets COMPREPLY to the names of the records of kind $2 (a word of
# _crm_record_kinds), asked of crm-KIND beside command $1 (database $3),
# that begin with $4: the NAME of KIND=NAME.
_crm_reply_record()
{
	COMPREPLY=()
	_crm_record_kinds | grep -qx -e "$2" &&
		_crm_reply_names "$(_crm_sub "$1" "$2")" "$3" "$4"
}

# The segments of the database: _crm_segments CRM DB.
_crm_segments()
{
	local cmd=$1 f
	f=$(_crm_db_file "$2") || return
	[[ -n $cmd ]] || return
	CRM_DB=$f CRM_BUSY_TIMEOUT=1 "$cmd" segment list -o tsv 2>/dev/null | cut -f1
}

# The pipelines of the database, once each: _crm_pipelines CMD DB.
_crm_pipelines()
{
	local cmd=$1 f
	f=$(_crm_db_file "$2") || return
	[[ -n $cmd ]] || return
	CRM_DB=$f CRM_BUSY_TIMEOUT=1 "$cmd" stages -o tsv 2>/dev/null |
		awk -F '\t' '!seen[$1]++ { print $1 }'
}

# The words after the verb (index $1) and before the current one, without
# the options and their values; bash splits "field=value" at "=", and they
# are joined again.  Sets the array _crm_words.
_crm_words_after()
{
	local i=$(($1 + 1)) w
	_crm_words=()
	while ((i < COMP_CWORD)); do
		w=${COMP_WORDS[i]}
		if [[ $w == -?* ]]; then
			if [[ $_crm_arg_opts == *" $w "* ]]; then
				# its value: "--opt value" or "--opt = value", and any "= more"
				if [[ ${COMP_WORDS[i + 1]} == = ]]; then
					((i += 2))
				else
					((i += 1))
				fi
				while [[ ${COMP_WORDS[i + 1]} == = ]] && ((i + 2 < COMP_CWORD)); do
					((i += 2))
				done
			fi
		elif [[ $w == = && ${#_crm_words[@]} -gt 0 ]]; then
			_crm_words[-1]+="="
			if ((i + 1 < COMP_CWORD)); then
				_crm_words[-1]+=${COMP_WORDS[i + 1]}
				((i++))
			fi
		elif [[ $w == --* ]]; then
			: # "--" ends the options
		else
			_crm_words+=("$w")
		fi
		((i++))
	done
}

# The commands `crm NAME` can run: crm-* beside crm and in PATH.
_crm_commands()
{
	local crm=$1 f
	{
		if [[ $crm == */* ]]; then
			for f in "${crm%/*}"/crm-*; do
				[[ -x $f && ! -d $f ]] && printf '%s\n' "${f##*/crm-}"
			done
		fi
		compgen -c crm- | sed 's/^crm-//'
	} | sort -u
}

# Sets COMPREPLY to the words of $1 (one a line) that start with $2.
_crm_reply()
{
	local IFS=$'\n'
	COMPREPLY=($(compgen -W "$1" -- "$2"))
}

# Sets COMPREPLY to FIELD= for the fields that start with the current word;
# $3 is more names, $4 names to leave out.
_crm_reply_fields()
{
	local fields=$1 cur=$2 extra=$3 skip=" $4 " f
	local IFS=$'\n'
	COMPREPLY=()
	for f in $fields $extra; do
		[[ $f == "$cur"* && $skip != *" $f "* ]] && COMPREPLY+=("$f=")
	done
	[[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
}

# Completes the value of option $1; the field list is asked of $2 with db $3;
# $4 is the word being completed and $5 the verb.
_crm_option_value()
{
	local opt=$1 cmd=$2 db=$3 cur=$4 head
	case $opt in
	-o | --format)
		# show of a quote has formats of its own: the quote as a document;
		# export of tasks one: iCalendar; contacts vCard, in and out
		if [[ ${cmd##*/} == crm-quote && $5 == show ]]; then
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids\nhtml\ntext' "$cur"
		elif [[ ${cmd##*/} == crm-task && $5 == export ]]; then
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids\nics' "$cur"
		elif [[ ${cmd##*/} == crm-contact && $5 == export ]]; then
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids\nvcard' "$cur"
		elif [[ $5 == import ]]; then
			# import reads CSV, and vCards for contacts
			[[ ${cmd##*/} == crm-contact ]] && _crm_reply $'csv\nvcard' "$cur" ||
				_crm_reply csv "$cur"
		else
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids' "$cur"
		fi
		;;
	--fields | --sort | --key)
		# the fields of a line item are not those of the command
		[[ $5 == item ]] && return
		# --fields takes a comma list: complete its last item.
		head=
		if [[ $opt == --fields && $cur == *,* ]]; then
			head=${cur%,*},
			cur=${cur##*,}
		elif [[ $opt == --sort && $cur == -* ]]; then
			head=-
			cur=${cur#-}
		fi
		local IFS=$'\n' f
		COMPREPLY=()
		for f in $(_crm_ask "$cmd" fields "$db") $([[ $opt == --fields ]] && echo all); do
			[[ $f == "$cur"* ]] && COMPREPLY+=("$head$f")
		done
		[[ $opt == --fields ]] && compopt -o nospace 2>/dev/null
		;;
	--about)
		_crm_reply "$(_crm_about "$cmd" "$db")" "$cur"
		;;
	--delimiter)
		_crm_reply $'\;\n,\ntab\n|' "$cur"
		;;
	--date-format)
		_crm_reply $'dmy\nmdy\nymd\nexcel\niso' "$cur"
		;;
	--encoding)
		# what a spreadsheet writes, then what iconv knows
		local IFS=$'\n'
		COMPREPLY=($(compgen -W $'UTF-8\nWINDOWS-1252\nISO-8859-15\nUTF-16\nMACINTOSH' -- "$cur"))
		;;
	--account)
		# convert --account: an account, by name
		_crm_reply_values "$cmd" account "$db" "$cur"
		;;
	--where)
		# a filter term: FIELD=VALUE (the fields of a line item are others)
		[[ $5 == item ]] && return
		[[ -z $cur || $cur =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] &&
			_crm_reply_fields "$(_crm_ask "$cmd" fields "$db")" "$cur" tag
		;;
	--db | --rejects | --attach)
		local IFS=$'\n'
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		;;
	--maildir)
		# crm mail --maildir DIR: a Maildir, a directory
		local IFS=$'\n'
		COMPREPLY=($(compgen -d -- "$cur"))
		compopt -o filenames 2>/dev/null
		;;
	*)
		COMPREPLY=()
		;;
	esac
}

# Completes the value of field $3 (after "FIELD=") of command $1, verb $2,
# database $4; $5 is the word being completed.
_crm_entity_value()
{
	local cmd=$1 verb=$2 field=$3 db=$4 cur=$5
	case $verb in
	item | member | sla | stages | rule | import)
		# words that are not the command's fields
		COMPREPLY=()
		;;
	timeline)
		# KIND=ID|NAME
		_crm_reply_record "$cmd" "$field" "$db" "$cur"
		;;
	*)
		_crm_reply_values "$cmd" "$field" "$db" "$cur"
		;;
	esac
}

# Completes the words of an entity command: _crm_entity CMD VERB-INDEX.
_crm_entity()
{
	local cmd=$1 vi=$2 cur=$3 prev=$4 before=$5 db=$6
	local cw=$COMP_CWORD
	if [[ ${cmd##*/} == crm-report ]]; then
		_crm_report "$@"
		return
	fi
	if ((cw == vi)); then
		if [[ $cur == -* ]]; then
			_crm_reply $'--help\n--version' "$cur"
		else
			_crm_reply "$(_crm_ask "$cmd" verbs)" "$cur"
		fi
		return
	fi
	local verb=${COMP_WORDS[vi]} _crm_field _crm_value _crm_head
	# a field's value, after "FIELD=" or another operator
	_crm_value_field "$cur" "$prev" "$before"
	if [[ -n $_crm_field ]]; then
		_crm_entity_value "$cmd" "$verb" "$_crm_field" "$db" "$_crm_value"
		return
	fi
	# an option's value: "--format json" or, split at "=", "--format=json"
	if [[ $cur == = ]]; then
		_crm_option_value "$prev" "$cmd" "$db" "" "$verb"
		return
	fi
	if [[ $prev == = && $_crm_arg_opts == *" $before "* ]]; then
		_crm_option_value "$before" "$cmd" "$db" "$cur" "$verb"
		return
	fi
	if [[ $prev != = && $_crm_arg_opts == *" $prev "* ]] && ((cw - 1 > vi)); then
		_crm_option_value "$prev" "$cmd" "$db" "$cur" "$verb"
		return
	fi
	if [[ $cur == -* ]]; then
		local opts
		opts=$(_crm_ask "$cmd" "$verb" | grep -e '^--')
		# --complete=fields means the field names, not the verb's options:
		# the verb "fields" takes the output options, as "history" does.
		[[ -z $opts && $verb == fields ]] && opts=$(_crm_ask "$cmd" history)
		_crm_reply "$opts" "$cur"
		return
	fi
	# a value after an option's "="
	[[ $prev == = ]] && { COMPREPLY=(); return; }
	local -a _crm_words
	case $verb in
	show | edit | history)
		# ID|NAME...: the names of the command's records; edit takes one
		_crm_words_after "$vi"
		[[ $verb == edit ]] && ((${#_crm_words[@]})) && return
		_crm_reply_names "$cmd" "$db" "$cur"
		;;
	add | set | win | lose | reopen | revise)
		# id, created and updated (and a quote's number, version and
		# totals) are set by crm, never assigned
		if [[ -z $cur || $cur =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
			_crm_reply_fields "$(_crm_ask "$cmd" fields "$db")" "$cur" "" "$(_crm_computed "$cmd")"
		fi
		;;
	stage)
		# stage ID...|-|--where TERM STAGE [FIELD=VALUE...]
		_crm_words_after "$vi"
		local w targets=0 stage=
		[[ " ${COMP_WORDS[*]:vi+1:cw-vi-1} " == *" --where "* ]] && targets=1
		for w in "${_crm_words[@]}"; do
			if [[ $w =~ ^[0-9]+$ || $w == - ]]; then
				targets=1
			elif [[ $w != *[=\<\>~]* ]]; then
				stage=$w
			fi
		done
		if ((targets)) && [[ -z $stage ]]; then
			[[ $cur =~ ^[0-9]+$ ]] || _crm_reply_values "$cmd" stage "$db" "$cur"
		elif [[ -n $stage ]] && [[ -z $cur || $cur =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
			_crm_reply_fields "$(_crm_ask "$cmd" fields "$db")" "$cur" "" "id created updated"
		fi
		;;
	item)
		# item add OPP FIELD=VALUE... | list OPP [FILTER...] | rm ITEM...
		# (crm-quote: add QUOTE ... | list QUOTE | show|set|rm|restore ITEM...)
		_crm_words_after "$vi"
		((${#_crm_words[@]} == 0)) && _crm_reply "$(_crm_item_verbs "$cmd")" "$cur"
		;;
	rule)
		# rule [list | add TERM POINTS | rm RULE]
		_crm_words_after "$vi"
		((${#_crm_words[@]} == 0)) && _crm_reply $'list\nadd\nrm' "$cur"
		;;
	member)
		# member add|set|rm CAMPAIGN ID...|- [status=...] | list CAMPAIGN [FILTER...]
		_crm_words_after "$vi"
		case ${#_crm_words[@]}:${_crm_words[0]} in
		0:*) _crm_reply $'add\nset\nrm\nlist' "$cur" ;;
		*:set) [[ $cur == s* || -z $cur ]] && _crm_reply "status=" "$cur" && compopt -o nospace 2>/dev/null ;;
		esac
		;;
	sla)
		# sla [list | set PRIORITY respond=DURATION resolve=DURATION]
		_crm_words_after "$vi"
		case ${#_crm_words[@]} in
		0) _crm_reply $'list\nset' "$cur" ;;
		1) [[ ${_crm_words[0]} == set ]] && _crm_reply $'urgent\nhigh\nnormal\nlow' "$cur" ;;
		*) [[ ${_crm_words[0]} == set ]] && _crm_reply $'respond=\nresolve=' "$cur" && compopt -o nospace 2>/dev/null ;;
		esac
		;;
	stages)
		# stages [set PIPELINE STAGE [KEY=VALUE...] | rm PIPELINE STAGE]
		_crm_words_after "$vi"
		case ${#_crm_words[@]} in
		0) _crm_reply $'set\nrm' "$cur" ;;
		1) _crm_reply "$(_crm_pipelines "$cmd" "$db")" "$cur" ;;
		2) _crm_reply "$(_crm_stages "$cmd" "$db" "${_crm_words[1]}")" "$cur" ;;
		esac
		;;
	list | export | pipeline | expire | agenda | remind)
		if [[ -z $cur || $cur =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
			_crm_reply_fields "$(_crm_ask "$cmd" fields "$db")" "$cur" tag
		fi
		;;
	timeline)
		# timeline KIND=ID|NAME: one record
		_crm_words_after "$vi"
		if ((${#_crm_words[@]} == 0)) && [[ -z $cur || $cur =~ ^[a-z]+$ ]]; then
			_crm_reply_fields "$(_crm_record_kinds)" "$cur"
		fi
		;;
	import)
		local IFS=$'\n'
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		;;
	*)
		COMPREPLY=()
		;;
	esac
}

# ------------------------------------------------------------ crm-report

# The dimensions of --by for report $1: forecast takes no period (its
# --period is one), commission owner alone, service what a case has.  A
# deal's custom fields are dimensions too; crm-opp fields lists them.
_crm_report_dims()
{
	case $1 in
	commission) echo owner ;;
	service) printf '%s\n' owner team manager owner.region account product priority kind channel \
		day week month quarter year ;;
	forecast) printf '%s\n' owner team manager owner.region source account industry \
		country region product family pipeline stage partner campaign ;;
	*) printf '%s\n' owner team manager owner.region source account industry \
		country region product family pipeline stage partner campaign day week month quarter year ;;
	esac
}

# The entities whose records report $1 filters, as crm-NAME commands; $2 is
# the first word of stale or next, if it names a kind.
_crm_report_entities()
{
	case $1 in
	funnel) echo lead ;;
	customers) echo account ;;
	service) echo case ;;
	activity) echo log task ;;
	digest) echo task opp lead ;;
	stale)
		case $2 in
		accounts) echo account ;;
		contacts) echo contact ;;
		deals) echo opp ;;
		*) echo account contact opp ;;
		esac
		;;
	next)
		case $2 in
		deals) echo opp ;;
		leads) echo lead ;;
		*) echo opp lead ;;
		esac
		;;
	*) echo opp ;;
	esac
}

# The fields that every entity of report $2 (first word $3) has, asked of
# the commands beside crm-report $1 with database $4: the words of its filter.
_crm_report_fields()
{
	local cmd=$1 e
	local -a ents
	ents=($(_crm_report_entities "$2" "$3"))
	for e in "${ents[@]}"; do
		_crm_ask "$(_crm_sub "$cmd" "$e")" fields "$4"
		echo
	done | awk -v n="${#ents[@]}" '
		/^$/ { list++; next }
		!seen[$0]++ { order[++k] = $0 }
		{ count[$0]++ }
		END { for (i = 1; i <= k; i++) if (count[order[i]] == n) print order[i] }'
}

# Completes the value of option $1 of report $5 (crm-report is $2, the
# database $3, the word being completed $4).
_crm_report_value()
{
	local opt=$1 cmd=$2 db=$3 cur=$4 verb=$5 head=
	case $opt in
	-o | --format)
		# the reports draw a page too; the settings are lists
		if _crm_ask "$cmd" "$verb" | grep -qx -e --chart; then
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids\nhtml' "$cur"
		else
			_crm_reply $'table\ntsv\ncsv\njson\njsonl\nids' "$cur"
		fi
		;;
	--by)
		# DIM[,DIM]: complete the last one
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			cur=${cur##*,}
		fi
		local IFS=$'\n' d
		COMPREPLY=()
		for d in $(_crm_report_dims "$verb"); do
			[[ $d == "$cur"* ]] && COMPREPLY+=("$head$d")
		done
		;;
	--period)
		_crm_reply $'week\nmonth\nquarter\nyear' "$cur"
		;;
	--commit)
		_crm_reply_values "$(_crm_sub "$cmd" opp)" stage "$db" "$cur"
		;;
	--db)
		_crm_option_value "$opt" "$cmd" "$db" "$cur" "$verb"
		;;
	*)
		COMPREPLY=()
		;;
	esac
}

# Completes the value of field $3 in the filter of the report at index $2
# (crm-report is $1, the database $4, the word being completed $5): the
# values that the commands of its records give, once each.
_crm_report_field_value()
{
	local cmd=$1 vi=$2 field=$3 db=$4 cur=$5 verb=${COMP_WORDS[$2]} e
	COMPREPLY=()
	case $verb in
	quota | rate | weights) return ;; # their words are not fields
	esac
	local -a _crm_words
	_crm_words_after "$vi"
	_crm_unquote "$cur"
	_crm_reply_all "$(for e in $(_crm_report_entities "$verb" "${_crm_words[0]}"); do
		CRM_BUSY_TIMEOUT=1 _crm_ask "$(_crm_sub "$cmd" "$e")" "value:$field:$_crm_text" "$db"
	done | awk '!seen[$0]++')" "$cur"
}

# Completes the words of crm-report: _crm_report CMD VERB-INDEX CUR PREV BEFORE DB.
_crm_report()
{
	local cmd=$1 vi=$2 cur=$3 prev=$4 before=$5 db=$6
	local cw=$COMP_CWORD
	if ((cw == vi)); then
		if [[ $cur == -* ]]; then
			_crm_reply $'--help\n--version' "$cur"
		else
			_crm_reply "$(_crm_ask "$cmd" verbs)" "$cur"
		fi
		return
	fi
	local verb=${COMP_WORDS[vi]} _crm_field _crm_value _crm_head
	_crm_value_field "$cur" "$prev" "$before"
	if [[ -n $_crm_field ]]; then
		_crm_report_field_value "$cmd" "$vi" "$_crm_field" "$db" "$_crm_value"
		return
	fi
	if [[ $cur == = ]]; then
		_crm_report_value "$prev" "$cmd" "$db" "" "$verb"
		return
	fi
	if [[ $prev == = && $_crm_arg_opts == *" $before "* ]]; then
		_crm_report_value "$before" "$cmd" "$db" "$cur" "$verb"
		return
	fi
	if [[ $prev != = && $_crm_arg_opts == *" $prev "* ]] && ((cw - 1 > vi)); then
		_crm_report_value "$prev" "$cmd" "$db" "$cur" "$verb"
		return
	fi
	if [[ $cur == -* ]]; then
		_crm_reply "$(_crm_ask "$cmd" "$verb" | grep -e '^--')" "$cur"
		return
	fi
	[[ $prev == = ]] && { COMPREPLY=(); return; }
	local -a _crm_words
	_crm_words_after "$vi"
	local n=${#_crm_words[@]} kinds= kind=
	case $verb in
	quota)
		# quota [list | set OWNER PERIOD AMOUNT [CURRENCY] | rm OWNER PERIOD [CURRENCY]]
		((n == 0)) && _crm_reply $'list\nset\nrm' "$cur"
		return
		;;
	rate)
		# rate [list | add PERCENT [from=PCT] [owner=NAME] | rm ID]
		if ((n == 0)); then
			_crm_reply $'list\nadd\nrm' "$cur"
		elif [[ ${_crm_words[0]} == add ]] && ((n >= 2)); then
			_crm_reply_fields $'from\nowner' "$cur"
		fi
		return
		;;
	weights)
		# weights [NAME=POINTS...]: the names crm-report weights prints
		local f
		f=$(_crm_db_file "$db") || return
		_crm_reply_fields "$(CRM_DB=$f CRM_BUSY_TIMEOUT=1 "$cmd" weights -o tsv 2>/dev/null |
			cut -f1)" "$cur"
		return
		;;
	stale) kinds=$'accounts\ncontacts\ndeals' ;;
	next) kinds=$'deals\nleads' ;;
	esac
	# stale and next: a first word may name the kind of record
	if [[ -n $kinds ]] && ((n > 0)) && grep -qx -e "${_crm_words[0]}" <<<"$kinds"; then
		kind=${_crm_words[0]}
		kinds=
	fi
	[[ -z $cur || $cur =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || return
	_crm_reply_fields "$(_crm_report_fields "$cmd" "$verb" "$kind" "$db")" "$cur" tag
	if [[ -n $kinds ]] && ((n == 0)); then
		local -a fields=("${COMPREPLY[@]}")
		_crm_reply "$kinds" "$cur"
		COMPREPLY+=("${fields[@]}")
		# a kind is a word of its own: a space after it
		[[ ${COMPREPLY[*]} == *=* ]] || compopt +o nospace 2>/dev/null
	fi
}

# The value of --db on the command line, if any, so that the fields offered
# are those of that database.
_crm_db_of_line()
{
	local i w
	for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == --db && ${COMP_WORDS[i + 1]} == = ]]; then
			printf '%s\n' "${COMP_WORDS[i + 2]}"
		elif [[ $w == --db && $i -ne $COMP_CWORD ]]; then
			printf '%s\n' "${COMP_WORDS[i + 1]}"
		elif [[ $w == --db=* ]]; then
			printf '%s\n' "${w#--db=}"
		fi
	done | tail -n 1
}

_crm()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= before=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	((COMP_CWORD > 1)) && before=${COMP_WORDS[COMP_CWORD - 2]}
	local prog=${COMP_WORDS[0]} cmd db
	cmd=$(_crm_resolve "$prog")
	db=$(_crm_db_of_line)
	db=${db/#\~\//$HOME/}
	COMPREPLY=()
	if [[ ${prog##*/} != crm ]]; then
		_crm_entity "$cmd" 1 "$cur" "$prev" "$before" "$db"
		return 0
	fi

	# crm [--db PATH] COMMAND: b is the index of COMMAND
	local b=1
	if [[ ${COMP_WORDS[1]} == --db ]]; then
		b=3
		[[ ${COMP_WORDS[2]} == = ]] && b=4
	elif [[ ${COMP_WORDS[1]} == --db=* ]]; then
		b=2
	fi
	if ((COMP_CWORD < b)); then
		# the value of that --db
		local v=$cur
		[[ $v == = ]] && v=
		_crm_option_value --db "$cmd" "" "$v"
		return 0
	fi

	# crm: its own verbs, "help", and the commands crm-NAME
	local verbs
	verbs=$(_crm_ask "$cmd" verbs)
	if ((COMP_CWORD == b)); then
		if [[ $cur == -* ]]; then
			((b == 1)) && _crm_reply $'--db\n--help\n--version' "$cur"
		else
			_crm_reply "$verbs"$'\nhelp\n'"$(_crm_commands "$cmd")" "$cur"
		fi
		return 0
	fi
	local sub=${COMP_WORDS[b]}
	if [[ $sub == help ]]; then
		((COMP_CWORD == b + 1)) &&
			_crm_reply "$verbs"$'\n'"$(_crm_commands "$cmd")" "$cur"
		return 0
	fi
	if ! grep -qx -e "$sub" <<<"$verbs"; then
		# crm NAME ...: complete as crm-NAME
		_crm_entity "$(_crm_sub "$cmd" "$sub")" $((b + 1)) "$cur" "$prev" "$before" "$db"
		return 0
	fi
	# attach and attachment list name a record as KIND=NAME
	local _crm_field _crm_value _crm_head
	_crm_value_field "$cur" "$prev" "$before"
	if [[ -n $_crm_field ]]; then
		local -a _crm_words
		_crm_words_after "$b"
		case $sub in
		attach | attachment)
			_crm_reply_record "$cmd" "$_crm_field" "$db" "$_crm_value"
			;;
		segment)
			# segment add NAME ENTITY FILTER...: ENTITY's fields
			[[ ${_crm_words[0]} == add ]] && ((${#_crm_words[@]} >= 3)) &&
				_crm_reply_values "$(_crm_sub "$cmd" "${_crm_words[2]}")" "$_crm_field" \
					"$db" "$_crm_value"
			;;
		esac
		return 0
	fi
	if [[ $cur == = ]] || [[ $prev == = && $_crm_arg_opts == *" $before "* ]] ||
		[[ $prev != = && $_crm_arg_opts == *" $prev "* ]]; then
		local opt=$prev v=$cur
		[[ $cur == = ]] && v=
		[[ $prev == = ]] && opt=$before
		_crm_option_value "$opt" "$cmd" "$db" "$v"
		return 0
	fi
	if [[ $cur == -* ]]; then
		_crm_reply "$(_crm_ask "$cmd" "$sub")" "$cur"
		return 0
	fi
	case $sub in
	backup | migrate | mail)
		# a file: the new database, the message (crm mail FILE)
		local IFS=$'\n'
		COMPREPLY=($(compgen -f -- "$cur"))
		compopt -o filenames 2>/dev/null
		;;
	attach)
		# crm attach RECORD FILE...
		_crm_words_after "$b"
		if ((${#_crm_words[@]} == 0)); then
			[[ -z $cur || $cur =~ ^[a-z]+$ ]] && _crm_reply_fields "$(_crm_record_kinds)" "$cur"
		else
			local IFS=$'\n'
			COMPREPLY=($(compgen -f -- "$cur"))
			compopt -o filenames 2>/dev/null
		fi
		;;
	attachment)
		# crm attachment list RECORD | get ID | rm ID
		_crm_words_after "$b"
		case ${#_crm_words[@]} in
		0) _crm_reply $'list\nget\nrm' "$cur" ;;
		1)
			[[ ${_crm_words[0]} == list ]] && [[ -z $cur || $cur =~ ^[a-z]+$ ]] &&
				_crm_reply_fields "$(_crm_record_kinds)" "$cur"
			;;
		esac
		;;
	config)
		# crm config list | get KEY | set KEY VALUE | unset KEY
		_crm_words_after "$b"
		case ${#_crm_words[@]}:${_crm_words[0]} in
		0:*) _crm_reply $'list\nget\nset\nunset' "$cur" ;;
		1:get | 1:set | 1:unset)
			_crm_reply $'hooks.dir\nmail.self\nmail.support\nmail.unknown' "$cur"
			;;
		2:set)
			# the value: a directory for hooks.dir, what mail.unknown makes
			case ${_crm_words[1]} in
			hooks.dir)
				local IFS=$'\n'
				COMPREPLY=($(compgen -d -- "$cur"))
				compopt -o filenames 2>/dev/null
				;;
			mail.unknown) _crm_reply $'contact\nlead' "$cur" ;;
			esac
			;;
		esac
		;;
	segment)
		# crm segment list | show NAME... | add NAME ENTITY FILTER... | rm NAME...
		_crm_words_after "$b"
		case ${#_crm_words[@]}:${_crm_words[0]} in
		0:*) _crm_reply $'list\nshow\nadd\nrm' "$cur" ;;
		*:show | *:rm) _crm_reply "$(_crm_segments "$cmd" "$db")" "$cur" ;;
		2:add) _crm_reply "$(_crm_commands "$cmd")" "$cur" ;;
		esac
		;;
	field)
		# crm field add ENTITY NAME TYPE [CHOICES] | rm ENTITY NAME
		local what=${COMP_WORDS[b + 1]} ent=${COMP_WORDS[b + 2]}
		case $((COMP_CWORD - b)) in
		1) _crm_reply $'add\nrm' "$cur" ;;
		2) _crm_reply "$(_crm_commands "$cmd")" "$cur" ;;
		3)
			[[ $what == rm ]] &&
				_crm_reply "$(_crm_ask "$(_crm_sub "$cmd" "$ent")" fields "$db")" "$cur"
			;;
		4)
			[[ $what == add ]] &&
				_crm_reply $'text\nnumber\ndate\nbool\nchoice' "$cur"
			;;
		esac
		;;
	esac
	return 0
}

complete -F _crm crm crm-contact crm-account crm-lead crm-opp crm-product crm-quote crm-task crm-log crm-report crm-case crm-campaign crm-asset crm-user
