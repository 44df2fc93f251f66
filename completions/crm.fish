# fish completion for crm and its commands: crm-contact, crm-account,
# crm-lead, crm-opp, crm-product, crm-quote, crm-task, crm-log,
# crm-report, crm-case, crm-campaign, crm-asset and crm-user.
#
# The words come from the commands themselves: `CMD --complete=verbs` prints
# the verbs, `CMD --complete=VERB` that verb's options, and
# `CMD --complete=fields` the field names of the database in use (custom
# fields included), `CMD --complete=value:FIELD:TEXT` the values of a field
# that begin with TEXT (the names of the records a reference names, a
# choice's values, yes and no) and `CMD --complete=name:TEXT` the names of
# the command's own records; `crm-opp stages -o tsv` gives the pipelines and
# their stages, and `crm-report weights -o tsv` the weights.  Only the options
# that take a value, what their values are (with `crm-quote show -o
# html|text`, `crm-task export -o ics`, the reports' `-o html` and their
# --by dimensions and --period periods), the sub-verbs of `crm-opp item`,
# `crm-quote item`, `crm-opp stages`, `crm-lead rule`, `crm attachment`,
# `crm config` (and its keys: hooks.dir, a directory; mail.self,
# mail.support; mail.unknown, contact or lead), `crm mail` (a message file,
# or --maildir DIR) and `crm-report quota|rate`, the
# first words of `crm-report stale|next`, the kinds of record each report
# filters, the records that `crm-log timeline` and `crm attach` name, and the
# fields of a quote or a task that crm computes are known here.
#
# crm matches values and names case and accents aside, but fish matches
# what it is given again, against the word as typed, by case only: there
# "account=alv" does not offer "Álvarez" (type "álv"), where bash and zsh do.
#
# fish loads completions by command name: install this file as crm.fish,
# crm-contact.fish, crm-account.fish, crm-lead.fish, crm-opp.fish,
# crm-product.fish, crm-quote.fish, crm-task.fish, crm-log.fish,
# crm-report.fish, crm-case.fish, crm-campaign.fish, crm-asset.fish and
# crm-user.fish (or source it from config.fish).

# Options that take a value.
set -g __crm_arg_opts --db -o --format --fields --sort --limit --where --key --map --rejects --run --to --reason --explain --days --about --attach --task --log --account --by --period --from --as-of --commit --min --min-score --resolution --csat --nps --within --expiring --delimiter --encoding --date-format --maildir

# A field and its operator before the field's value being completed:
# FIELD=V, FIELD!=V, FIELD>=V, FIELD<V, tags+=V...
set -g __crm_value_op '^[A-Za-z_][A-Za-z0-9_]*([-+!]=|[<>]=?|=)'

# The kinds of record that `crm-log timeline`, `crm attach` and
# `crm attachment list` name as KIND=ID or KIND=NAME (log: an entry of the log).
set -g __crm_record_kinds contact account lead opp product quote task log case campaign asset user

# The fields crm sets, never assigned, of command $1 (a path or a name).
function __crm_computed --argument-names cmd
    printf '%s\n' id created updated
    switch (string replace -r '^.*/' '' -- $cmd)
        case crm-quote
            printf '%s\n' number version subtotal tax_amount total
        case crm-task
            printf '%s\n' anchor reminded finished
        case crm-case
            printf '%s\n' respond_by resolve_by responded paused held resolved closed
    end
end

# The sub-verbs of `CMD item`: those of crm-quote, else those of crm-opp.
function __crm_item_verbs --argument-names cmd
    if test (string replace -r '^.*/' '' -- $cmd) = crm-quote
        printf '%s\n' add list show set rm restore
    else
        printf '%s\n' add list rm
    end
end

# The executable behind a command word as typed: a path, or a name in PATH.
function __crm_resolve --argument-names c
    set c (string replace -r '^~/' "$HOME/" -- $c)
    if string match -q -- '*/*' $c
        test -x "$c"; and echo $c
    else
        command -s -- $c
    end
end

# The executable of `crm NAME`: crm-NAME beside crm, else in PATH.
function __crm_sub --argument-names crm name
    set -l dir (string replace -r '/[^/]*$' '' -- $crm)
    if string match -q -- '*/*' $crm; and test -x "$dir/crm-$name"
        echo "$dir/crm-$name"
    else
        command -s -- crm-$name
    end
end

# Completion words from CMD: __crm_ask CMD WHAT [DB].
function __crm_ask --argument-names cmd what db
    test -n "$cmd"; or return
    if test -n "$db"
        env CRM_DB=$db $cmd --complete=$what 2>/dev/null
    else
        $cmd --complete=$what 2>/dev/null
    end
end

# The commands `crm NAME` can run: crm-* beside crm and in PATH.
function __crm_commands --argument-names crm
    begin
        if string match -q -- '*/*' $crm
            set -l dir (string replace -r '/[^/]*$' '' -- $crm)
            for f in $dir/crm-*
                test -x $f; and string replace -r '^.*/crm-' '' -- $f
            end
        end
        for d in $PATH
            for f in $d/crm-*
                test -x $f; and string replace -r '^.*/crm-' '' -- $f
            end
        end
    end | sort -u
end

# The value of --db on the command line, if any.
function __crm_db
    set -l tokens (commandline -opc)
    set -l db
    for i in (seq 2 (count $tokens))
        switch $tokens[$i]
            case --db
                set -l j (math $i + 1)
                test $j -le (count $tokens); and set db $tokens[$j]
            case '--db=*'
                set db (string replace -- --db= '' $tokens[$i])
        end
    end
    string replace -r '^~/' "$HOME/" -- $db
end

# The database a command would open: $1 (from --db), else $CRM_DB, else the
# default; printed only if it is a file that exists, so that completing never
# creates one, or a server's connection string.
function __crm_db_file --argument-names db
    set -l f $db
    if test -z "$f"
        set f $CRM_DB
    end
    if test -z "$f"
        set -l data $XDG_DATA_HOME
        test -n "$data"; or set data $HOME/.local/share
        set f $data/crm/crm.db
    end
    if test -f "$f"; or string match -qr '^(postgres(ql)?://|[a-z_]+\s*=)' -- $f
        echo $f
    end
end

# The stages of a pipeline, from `CMD stages -o tsv`: __crm_stages CMD DB
# PIPELINE prints the stage names of PIPELINE; with an empty PIPELINE and
# COLUMN 1, the pipelines instead.  (The stages of every pipeline are the
# values of the field stage.)
function __crm_stages --argument-names cmd db pipeline col
    set -l f (__crm_db_file "$db"); or return
    test -n "$cmd"; or return
    test -n "$col"; or set col 3
    env CRM_DB=$f CRM_BUSY_TIMEOUT=1 $cmd stages -o tsv 2>/dev/null |
        awk -F '\t' -v p="$pipeline" -v c=$col '(p == "" || $1 == p) && !seen[$c]++ { print $c }'
end

# The field whose value is the word being completed, $1 (FIELD=V, ...), if
# it is one.
function __crm_value_field --argument-names cur
    string match -qr -- $__crm_value_op $cur; or return 1
    string match -r -- '^[A-Za-z_][A-Za-z0-9_]*' $cur
end

# Asks command $1 (database $2) for the words of $4 (value:FIELD, or name
# for the command's records) that begin with the value in the word being
# completed, $3, as the shell reads it; prints each after the FIELD= that
# begins that word, if any: `CMD --complete=WHAT:TEXT`.  In a filter's
# FIELD=a,b (any of), when no value has the comma, those of the last item.
function __crm_ask_text --argument-names cmd db cur what
    set -l head (string match -r -- $__crm_value_op $cur)[1]
    set -q head[1]; or set head ''
    set -l text (string sub -s (math (string length -- "$head") + 1) -- $cur | string unescape)
    set -lx CRM_BUSY_TIMEOUT 1
    set -l words (__crm_ask $cmd "$what:$text" "$db")
    if not set -q words[1]; and string match -q -- 'value:*' $what
        and string match -q -- '*,*' "$text"
        set head $head(string match -r -- '^.*,' "$text")
        set text (string replace -r -- '^.*,' '' "$text")
        set words (__crm_ask $cmd "$what:$text" "$db")
    end
    for w in $words
        echo $head$w
    end
end

# The segments of the database: __crm_segments CRM DB.
function __crm_segments --argument-names cmd db
    set -l f (__crm_db_file "$db"); or return
    test -n "$cmd"; or return
    env CRM_DB=$f CRM_BUSY_TIMEOUT=1 $cmd segment list -o tsv 2>/dev/null | cut -f1
end

# The words after the verb (index $1) and before the current one, without
# the options and their values.
function __crm_words_after --argument-names vi
    set -l tokens (commandline -opc)
    set -l skip 0
    for t in $tokens[(math $vi + 1)..-1]
        if test $skip -eq 1
            set skip 0
        else if contains -- $t $__crm_arg_opts
            set skip 1
        else if not string match -q -- '-?*' $t
            echo $t
        end
    end
end

# The values of option $1, each prefixed with $4; fields from $2 with db $3;
# $6 is the verb.
function __crm_option_value --argument-names opt cmd db prefix cur verb
    # the fields of a line item are not those of the command
    if test "$verb" = item; and contains -- $opt --fields --sort --key
        return
    end
    switch $opt
        case -o --format
            # import reads CSV, and vCards for contacts
            if test "$verb" = import
                printf '%s\n' {$prefix}csv
                test (string replace -r '^.*/' '' -- $cmd) = crm-contact; and printf '%s\n' {$prefix}vcard
                return
            end
            printf '%s\n' $prefix{table,tsv,csv,json,jsonl,ids}
            # show of a quote has formats of its own: the quote as a document;
            # and export of tasks one: iCalendar
            if test "$verb" = show; and test (string replace -r '^.*/' '' -- $cmd) = crm-quote
                printf '%s\n' $prefix{html,text}
            end
            if test "$verb" = export; and test (string replace -r '^.*/' '' -- $cmd) = crm-task
                printf '%s\n' {$prefix}ics
            end
            if test "$verb" = export; and test (string replace -r '^.*/' '' -- $cmd) = crm-contact
                printf '%s\n' {$prefix}vcard
            end
        case --about
            # the members of a campaign are contacts or leads
            if test (string replace -r '^.*/' '' -- $cmd) = crm-campaign
                printf '%s\n' {$prefix}contact {$prefix}lead
                return
            end
            for f in (__crm_ask $cmd fields $db)
                contains -- $f contact account lead opp product quote case; and echo $prefix$f
            end
        case --delimiter
            printf '%s\n' $prefix\; $prefix, {$prefix}tab $prefix\|
        case --date-format
            printf '%s\n' {$prefix}{dmy,mdy,ymd,excel,iso}
        case --encoding
            # what a spreadsheet writes, then what iconv knows
            printf '%s\n' {$prefix}{UTF-8,WINDOWS-1252,ISO-8859-15,UTF-16,MACINTOSH}
        case --maildir
            # crm mail --maildir DIR: a Maildir, a directory
            for d in (__fish_complete_directories "$cur" '')
                echo $prefix$d
            end
        case --account
            # convert --account: an account, by name
            set -l text (string sub -s (math (string length -- "$prefix") + 1) -- "$cur")
            for w in (__crm_ask $cmd value:account:$text "$db")
                echo $prefix$w
            end
        case --fields
            # a comma list: complete its last item
            # (an empty list would make $prefix$head$f empty: keep one "")
            set -l head (string match -r '^.*,' -- $cur); or set head ''
            for f in (__crm_ask $cmd fields $db) all
                echo $prefix$head$f
            end
        case --sort
            for f in (__crm_ask $cmd fields $db)
                echo $prefix$f
                echo $prefix-$f
            end
        case --key
            for f in (__crm_ask $cmd fields $db)
                echo $prefix$f
            end
        case --where
            # a filter term: FIELD=VALUE
            for f in (__crm_ask $cmd fields $db) tag
                echo $prefix$f=
            end
    end
end

# The index of COMMAND in `crm [--db PATH] COMMAND ...`.
function __crm_command_index
    set -l tokens (commandline -opc)
    if test (count $tokens) -ge 2
        switch $tokens[2]
            case --db
                echo 4
                return
            case '--db=*'
                echo 3
                return
        end
    end
    echo 2
end

# Where the executable to ask and the verb are: prints CMD and VERB-INDEX,
# or nothing for crm itself and its own verbs.
function __crm_target
    set -l tokens (commandline -opc)
    set -l prog (__crm_resolve $tokens[1])
    if test (string replace -r '^.*/' '' -- $tokens[1]) != crm
        echo $prog
        echo 2
        return
    end
    set -l b (__crm_command_index)
    test (count $tokens) -ge $b; or return 1
    set -l sub $tokens[$b]
    if test $sub = help; or contains -- $sub (__crm_ask $prog verbs)
        return 1
    end
    __crm_sub $prog $sub
    math $b + 1
end

# True when the current word is a file name.
function __crm_wants_file
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l prev $tokens[-1]
    if contains -- $prev --db --rejects --attach; or string match -qr -- '^--(db|rejects|attach)=' $cur
        return 0
    end
    string match -q -- '-*' $cur; and return 1
    set -l t (__crm_target)
    if test (count $t) -eq 2
        test (count $tokens) -ge $t[2]; and test $tokens[$t[2]] = import
        return
    end
    set -l b (__crm_command_index)
    test (count $tokens) -ge $b; or return 1
    switch $tokens[$b]
        case backup migrate
            test (count $tokens) -eq $b
        case mail
            # crm mail FILE: the message, unless --maildir DIR
            string match -q -- '--maildir=*' $cur; and return 1
            test "$prev" != --maildir; and test (count (__crm_words_after $b)) -eq 0
        case attach
            # crm attach RECORD FILE...: files after the record
            test (count (__crm_words_after $b)) -ge 1
        case config
            # crm config set hooks.dir DIR
            set -l words (__crm_words_after $b)
            test (count $words) -eq 2; and test $words[1] = set; and test $words[2] = hooks.dir
        case '*'
            return 1
    end
end

# ------------------------------------------------------------ crm-report

# The dimensions of --by for report $1: forecast takes no period (its
# --period is one), commission owner alone, service what a case has.  A
# deal's custom fields are dimensions too; crm-opp fields lists them.
function __crm_report_dims --argument-names verb
    switch $verb
        case commission
            echo owner
        case service
            printf '%s\n' owner team manager owner.region account product priority kind channel \
                day week month quarter year
        case forecast
            printf '%s\n' owner team manager owner.region source account industry \
                country region product family pipeline stage partner campaign
        case '*'
            printf '%s\n' owner team manager owner.region source account industry \
                country region product family pipeline stage partner campaign day week month quarter year
    end
end

# The entities whose records report $1 filters, as crm-NAME commands; $2 is
# the first word of stale or next, if it names a kind.
function __crm_report_entities --argument-names verb kind
    switch $verb
        case funnel
            echo lead
        case customers
            echo account
        case service
            echo case
        case activity
            printf '%s\n' log task
        case digest
            printf '%s\n' task opp lead
        case stale
            switch "$kind"
                case accounts
                    echo account
                case contacts
                    echo contact
                case deals
                    echo opp
                case '*'
                    printf '%s\n' account contact opp
            end
        case next
            switch "$kind"
                case deals
                    echo opp
                case leads
                    echo lead
                case '*'
                    printf '%s\n' opp lead
            end
        case '*'
            echo opp
    end
end

# The fields that every entity of report $2 (first word $3) has, asked of
# the commands beside crm-report $1 with database $4: the words of its filter.
function __crm_report_fields --argument-names cmd verb kind db
    set -l ents (__crm_report_entities $verb "$kind")
    set -l common (__crm_ask (__crm_sub $cmd $ents[1]) fields "$db")
    for e in $ents
        set -l fields (__crm_ask (__crm_sub $cmd $e) fields "$db")
        set -l keep
        for f in $common
            contains -- $f $fields; and set -a keep $f
        end
        set common $keep
    end
    printf '%s\n' $common
end

# The values of option $1 of report $6, each prefixed with $4 (crm-report
# is $2, the database $3, the word being completed $5).
function __crm_report_value --argument-names opt cmd db prefix cur verb
    switch $opt
        case -o --format
            printf '%s\n' $prefix{table,tsv,csv,json,jsonl,ids}
            # the reports draw a page too; the settings are lists
            if __crm_ask $cmd $verb | string match -q -- --chart
                echo {$prefix}html
            end
        case --by
            # DIM[,DIM]: complete the last one
            set -l head (string match -r '^.*,' -- $cur); or set head ''
            for d in (__crm_report_dims $verb)
                echo $prefix$head$d
            end
        case --period
            printf '%s\n' $prefix{week,month,quarter,year}
        case --commit
            for st in (__crm_ask_text (__crm_sub $cmd opp) "$db" "$cur" value:stage)
                echo $prefix$st
            end
    end
end

# Completes the words of crm-report $1 after its report (index $2), $4.
function __crm_report_complete --argument-names cmd vi db verb
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l prev $tokens[-1]
    if string match -qr -- '^--[a-z-]+=' $cur
        set -l opt (string replace -r -- '=.*' '' $cur)
        __crm_report_value $opt $cmd "$db" $opt= (string replace -r -- '^[^=]*=' '' $cur) $verb
        return
    end
    if test (count $tokens) -gt $vi; and contains -- $prev $__crm_arg_opts
        __crm_report_value $prev $cmd "$db" '' $cur $verb
        return
    end
    set -l words (__crm_words_after $vi)
    set -l field (__crm_value_field $cur)
    if set -q field[1]; and not contains -- $verb quota rate weights
        # a filter's value: those the commands of its records give, once each
        for e in (__crm_report_entities $verb "$words[1]")
            __crm_ask_text (__crm_sub $cmd $e) "$db" $cur value:$field
        end | awk '!seen[$0]++'
        return
    end
    if string match -q -- '-*' $cur
        __crm_ask $cmd $verb | string match -- '--*'
        return
    end
    set -l kinds
    switch $verb
        case quota
            # quota [list | set OWNER PERIOD AMOUNT [CURRENCY] | rm OWNER PERIOD [CURRENCY]]
            test (count $words) -eq 0; and printf '%s\n' list set rm
            return
        case rate
            # rate [list | add PERCENT [from=PCT] [owner=NAME] | rm ID]
            if test (count $words) -eq 0
                printf '%s\n' list add rm
            else if test $words[1] = add; and test (count $words) -ge 2
                printf '%s=\n' from owner
            end
            return
        case weights
            # weights [NAME=POINTS...]: the names crm-report weights prints
            set -l f (__crm_db_file "$db"); or return
            env CRM_DB=$f CRM_BUSY_TIMEOUT=1 $cmd weights -o tsv 2>/dev/null |
                cut -f1 | string replace -r -- '$' =
            return
        case stale
            set kinds accounts contacts deals
        case next
            set kinds deals leads
    end
    # stale and next: a first word may name the kind of record
    set -l kind
    if set -q kinds[1]; and set -q words[1]; and contains -- $words[1] $kinds
        set kind $words[1]
    else if set -q kinds[1]; and not set -q words[1]
        printf '%s\n' $kinds
    end
    string match -qr -- '^[A-Za-z_]*$' $cur; or return
    for f in (__crm_report_fields $cmd $verb "$kind" "$db") tag
        echo $f=
    end
end

function __crm_complete
    set -l tokens (commandline -opc)
    set -l cur (commandline -ct)
    set -l n (math (count $tokens) + 1) # the index of the current word
    set -l db (__crm_db)
    set -l prog (__crm_resolve $tokens[1])
    set -l t (__crm_target)
    if test (count $t) -eq 2
        set -l cmd $t[1]
        set -l vi $t[2]
        if test $n -eq $vi
            if string match -q -- '-*' $cur
                printf '%s\n' --help --version
            else
                __crm_ask $cmd verbs
            end
            return
        end
        set -l verb $tokens[$vi]
        set -l prev $tokens[-1]
        if test (string replace -r '^.*/' '' -- $cmd) = crm-report
            __crm_report_complete $cmd $vi "$db" $verb
            return
        end
        if string match -qr -- '^--[a-z-]+=' $cur
            set -l opt (string replace -r -- '=.*' '' $cur)
            __crm_option_value $opt $cmd "$db" $opt= (string replace -r -- '^[^=]*=' '' $cur) $verb
            return
        end
        # a field's value, also in the term of --where (but not in a file name)
        set -l field (__crm_value_field $cur)
        if set -q field[1]
            and begin
                test (count $tokens) -le $vi; or test $prev = --where
                or not contains -- $prev $__crm_arg_opts
            end
            switch $verb
                case item member sla stages rule import
                    # words that are not the command's fields
                case timeline
                    # KIND=ID|NAME
                    contains -- $field $__crm_record_kinds
                    and __crm_ask_text (__crm_sub $cmd $field) "$db" $cur name
                case '*'
                    __crm_ask_text $cmd "$db" $cur value:$field
            end
            return
        end
        if test (count $tokens) -gt $vi; and contains -- $prev $__crm_arg_opts
            __crm_option_value $prev $cmd "$db" '' $cur $verb
            return
        end
        if string match -q -- '-*' $cur
            set -l opts (__crm_ask $cmd $verb | string match -- '--*')
            # --complete=fields means the field names, not the verb's options:
            # the verb "fields" takes the output options, as "history" does.
            if test (count $opts) -eq 0; and test $verb = fields
                set opts (__crm_ask $cmd history)
            end
            printf '%s\n' $opts
            return
        end
        set -l words (__crm_words_after $vi)
        switch $verb
            case show edit history
                # ID|NAME...: the names of the command's records; edit takes one
                test $verb = edit; and set -q words[1]; and return
                __crm_ask_text $cmd "$db" $cur name
                return
            case stage
                # stage ID...|-|--where TERM STAGE [FIELD=VALUE...]
                set -l targets 0
                set -l stage
                contains -- --where $tokens[(math $vi + 1)..-1]; and set targets 1
                for w in $words
                    if string match -qr -- '^([0-9]+|-)$' $w
                        set targets 1
                    else if not string match -qr -- '[=<>~]' $w
                        set stage $w
                    end
                end
                if test $targets -eq 1; and test -z "$stage"
                    string match -qr -- '^[0-9]+$' $cur
                    or __crm_ask_text $cmd "$db" $cur value:stage
                    return
                end
                test -n "$stage"; or return
            case item
                # item add OPP FIELD=VALUE... | list OPP [FILTER...] | rm ITEM...
                # (crm-quote: add QUOTE ... | list QUOTE | show|set|rm|restore ITEM...)
                test (count $words) -eq 0; and __crm_item_verbs $cmd
                return
            case rule
                # rule [list | add TERM POINTS | rm RULE]
                test (count $words) -eq 0; and printf '%s\n' list add rm
                return
            case member
                # member add|set|rm CAMPAIGN ID...|- [status=...] | list CAMPAIGN [FILTER...]
                if test (count $words) -eq 0
                    printf '%s\n' add set rm list
                else if test "$words[1]" = set
                    echo status=
                end
                return
            case sla
                # sla [list | set PRIORITY respond=DURATION resolve=DURATION]
                switch (count $words)
                    case 0
                        printf '%s\n' list set
                    case 1
                        test "$words[1]" = set; and printf '%s\n' urgent high normal low
                    case '*'
                        test "$words[1]" = set; and printf '%s\n' respond= resolve=
                end
                return
            case stages
                # stages [set PIPELINE STAGE [KEY=VALUE...] | rm PIPELINE STAGE]
                switch (count $words)
                    case 0
                        printf '%s\n' set rm
                    case 1
                        __crm_stages $cmd "$db" '' 1
                    case 2
                        __crm_stages $cmd "$db" $words[2]
                end
                return
        end
        string match -qr -- '^[A-Za-z_]*$' $cur; or return
        switch $verb
            case add set win lose reopen stage revise
                # id, created and updated (and a quote's number, version and
                # totals) are set by crm, never assigned
                set -l computed (__crm_computed $cmd)
                for f in (__crm_ask $cmd fields "$db")
                    contains -- $f $computed; or echo $f=
                end
            case list export pipeline expire agenda remind
                for f in (__crm_ask $cmd fields "$db") tag
                    echo $f=
                end
            case timeline
                # timeline KIND=ID|NAME: one record
                test (count $words) -eq 0; and printf '%s=\n' $__crm_record_kinds
        end
        return
    end

    # crm itself: crm [--db PATH] COMMAND ...
    set -l b (__crm_command_index)
    test $n -lt $b; and return # the value of --db: files
    set -l verbs (__crm_ask $prog verbs)
    if test $n -eq $b
        if string match -q -- '-*' $cur
            test $b -eq 2; and printf '%s\n' --db --help --version
        else
            printf '%s\n' $verbs help (__crm_commands $prog)
        end
        return
    end
    set -l sub $tokens[$b]
    if test $sub = help
        test $n -eq (math $b + 1); and printf '%s\n' $verbs (__crm_commands $prog)
        return
    end
    set -l prev $tokens[-1]
    if string match -qr -- '^--[a-z-]+=' $cur
        set -l opt (string replace -r -- '=.*' '' $cur)
        __crm_option_value $opt $prog "$db" $opt= (string replace -r -- '^[^=]*=' '' $cur)
        return
    end
    set -l field (__crm_value_field $cur)
    if set -q field[1]; and contains -- $sub attach attachment segment
        set -l words (__crm_words_after $b)
        switch $sub
            case attach attachment
                # KIND=ID|NAME
                contains -- $field $__crm_record_kinds
                and __crm_ask_text (__crm_sub $prog $field) "$db" $cur name
            case segment
                # segment add NAME ENTITY FILTER...: ENTITY's fields
                test "$words[1]" = add; and set -q words[3]
                and __crm_ask_text (__crm_sub $prog $words[3]) "$db" $cur value:$field
        end
        return
    end
    if contains -- $prev $__crm_arg_opts
        __crm_option_value $prev $prog "$db" '' $cur
        return
    end
    if string match -q -- '-*' $cur
        __crm_ask $prog $sub
        return
    end
    if test $sub = attach
        # crm attach RECORD FILE...
        set -l words (__crm_words_after $b)
        test (count $words) -eq 0; and string match -qr -- '^[a-z]*$' $cur
        and printf '%s=\n' $__crm_record_kinds
        return
    end
    if test $sub = attachment
        # crm attachment list RECORD | get ID | rm ID
        set -l words (__crm_words_after $b)
        switch (count $words)
            case 0
                printf '%s\n' list get rm
            case 1
                test $words[1] = list; and string match -qr -- '^[a-z]*$' $cur
                and printf '%s=\n' $__crm_record_kinds
        end
        return
    end
    if test $sub = config
        # crm config list | get KEY | set KEY VALUE | unset KEY
        set -l words (__crm_words_after $b)
        switch (count $words)
            case 0
                printf '%s\n' list get set unset
            case 1
                contains -- $words[1] get set unset
                and printf '%s\n' hooks.dir mail.self mail.support mail.unknown
            case 2
                # what mail.unknown makes of a stranger
                test $words[1] = set; and test $words[2] = mail.unknown
                and printf '%s\n' contact lead
        end
        return
    end
    if test $sub = segment
        # crm segment list | show NAME... | add NAME ENTITY FILTER... | rm NAME...
        set -l words (__crm_words_after $b)
        if test (count $words) -eq 0
            printf '%s\n' list show add rm
        else if contains -- $words[1] show rm
            __crm_segments $prog "$db"
        else if test $words[1] = add -a (count $words) -eq 2
            __crm_commands $prog
        end
        return
    end
    if test $sub = field
        # crm field add ENTITY NAME TYPE [CHOICES] | rm ENTITY NAME
        set -l what $tokens[(math $b + 1)]
        switch (math $n - $b)
            case 1
                printf '%s\n' add rm
            case 2
                __crm_commands $prog
            case 3
                test $what = rm; and __crm_ask (__crm_sub $prog $tokens[(math $b + 2)]) fields "$db"
            case 4
                test $what = add; and printf '%s\n' text number date bool choice
        end
    end
end

for c in crm crm-contact crm-account crm-lead crm-opp crm-product crm-quote crm-task crm-log crm-report crm-case crm-campaign crm-asset crm-user
    complete -c $c -f -a '(__crm_complete)'
    complete -c $c -n __crm_wants_file -F
end
