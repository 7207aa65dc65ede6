# SPDX-License-Identifier: GPL-2.0-only
#
# Turn a stream of suites into unnumbered TAP lines for tests/check.sh.
#
# Input: each suite's TAP, framed by "# suite NAME" and
# "# suite-exit NAME STATUS"; from a VM, a final "# vrange-exit STATUS".
# Output: "ok - PREFIX: SUITE: DESC" / "not ok - ...", comments passed
# through, plus a failing test for every suite that printed no plan, ran
# fewer tests than planned, or exited non-zero without a failing test.
#
# Variables: prefix (required), guest=1 to also require the exit line.
# Exit status: 1 if anything failed.

function finish_suite() {
	if (suite == "")
		return
	if (plan < 0)
		fail(suite ": printed a TAP plan (it crashed?)")
	else if (plan != ran)
		fail(suite ": ran all " plan " planned tests (ran " ran ")")
	if (exitrc != 0 && failures == 0)
		fail(suite ": exited 0 (exit status " exitrc ")")
	suite = ""
}

function fail(what) {
	print "not ok - " prefix ": " what
	bad = 1
}

{ sub(/\r$/, "") }

/^# suite-exit / { exitrc = $4; finish_suite(); next }
/^# suite / { suite = $3; plan = -1; ran = 0; failures = 0; exitrc = -1; next }
/^# vrange-exit / { guest_exit = $3; next }
/^1\.\.[0-9]+$/ { plan = substr($0, 4) + 0; next }
# A whole suite skipped ("1..0 # SKIP why"): said, and counted as neither.
/^1\.\.0 # [Ss][Kk][Ii][Pp]/ { plan = 0; print "# " prefix ": " suite ": skipped:" substr($0, 12); next }

/^(not )?ok / {
	ran++
	res = ($1 == "ok") ? "ok" : "not ok"
	if (res != "ok") {
		failures++
		bad = 1
	}
	desc = $0
	sub(/^(not )?ok [0-9]* *-? */, "", desc)
	sub(/^tests\/[a-z]+\//, "", desc)
	print res " - " prefix ": " suite ": " desc
	next
}

/^#/ { print; next }

END {
	if (suite != "")
		fail(suite ": finished (stopped inside it)")
	if (guest) {
		if (guest_exit == "")
			fail("guest reported its exit status (none: crash or time-out)")
		else
			print "ok - " prefix ": guest reported its exit status (" guest_exit ")"
	}
	exit bad
}
