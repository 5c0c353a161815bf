#!/bin/sh
# `docker run IMAGE login`, `... demo`, `... --help` run tgradar with those arguments;
# `docker run IMAGE tgradar ...` or another program (sh, python) runs as given.
set -e
if [ "$#" -eq 0 ]; then
    set -- run
fi
case "$1" in
    # tgradar's commands, listed because some are also system programs or shell builtins
    # (login, eval, export); anything else that is not a program on PATH goes to tgradar too.
    -*|run|login|demo|classify|replay|eval|incidents|export|map|feedback|doctor)
        set -- tgradar "$@" ;;
    *)
        case "$(command -v -- "$1" 2>/dev/null || true)" in
            /*) ;;
            *) set -- tgradar "$@" ;;
        esac ;;
esac
exec "$@"
