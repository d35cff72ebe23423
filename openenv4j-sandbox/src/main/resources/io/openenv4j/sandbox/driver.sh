# The bash driver of a sandboxed shell: reads requests (nonce NUL command NUL) from the original stdin,
# runs each command in this same shell (so the working directory, variables and functions persist), and
# ends its output on both streams with a marker carrying the exit status. Commands read /dev/null.
exec 3<&0 0</dev/null 4>&1 5>&2
while IFS= read -r -d '' __oe4j_nonce <&3 && IFS= read -r -d '' __oe4j_command <&3; do
    eval "$__oe4j_command"
    __oe4j_status=$?
    builtin printf '\n%s:%d\n' "$__oe4j_nonce" "$__oe4j_status" >&4
    builtin printf '\n%s:%d\n' "$__oe4j_nonce" "$__oe4j_status" >&5
done
