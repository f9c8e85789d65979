# Usage: sh -c "$(cat task-launcher.sh)" NAME GRACE_SECONDS COMMAND [ARG...]
# Runs a task's command so that none of its processes outlives the task or its worker.
#
# The worker starts this script with setsid, so that signals meant for the worker's terminal or
# process group never reach it, and holds the write end of its stdin for as long as the task may
# run; it never writes to it. The command gets a session and process group of its own. Whatever it
# starts stays in that group (unless it leaves on purpose with setsid), and the group is what dies:
#   - stdin at end of file (the worker closed it to stop the task, or the worker died): TERM to
#     the group, KILL after the grace;
#   - the command ended (by itself or killed): what is left of its group gets TERM, and KILL after
#     the grace; this script exits at once with the command's status.
# POSIX sh (dash runs it): a worker needs sh, setsid and the task's own shell, nothing more.

grace=$1
shift

# Ends the group: TERM now, KILL after the grace, from a process of its own that holds none of
# the worker's pipes, so neither this script nor the worker waits for it.
end_group() {
  kill -TERM -"$group" 2>/dev/null || return 1
  (
    sleep "$grace"
    kill -KILL -"$group" 2>/dev/null
  ) </dev/null >/dev/null 2>&1 &
}

exec 3<&0
setsid "$@" </dev/null 3<&- &
group=$!

(
  while read -r _; do :; done
  # A command stopped before setsid made its group is still a plain child: signal it directly.
  end_group || kill -TERM "$group" 2>/dev/null
) <&3 >/dev/null 2>&1 &
watcher=$!
exec 3<&-

wait "$group"
status=$?
kill "$watcher" 2>/dev/null
end_group
exit "$status"
