//! Workforce tables: parsed into the validated schedule with its defaults,
//! agents counted from the shifts, `--set` into shifts, and errors.

use super::*;

const DAY: &str = r#"name = "day"
[time]
duration = "10h"
start = "08:00"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "5m"
[[shifts]]
name = "early"
start = "07:40"
end = "12:00"
agents = 6
[[shifts.breaks]]
kind = "lunch"
duration = "30m"
window = ["11:00", "11:30"]
[[shifts]]
name = "early"
start = "13:00"
end = "18:00"
[[shifts]]
name = "late"
start = "12:00"
end = "18:00"
agents = 4
[[meetings]]
start = "16:00"
duration = "30m"
shifts = ["late"]
days = [1]
"#;

fn workforce(s: &Scenario) -> &Workforce {
    s.workforce.as_ref().expect("a workforce")
}

#[test]
fn a_day_of_shifts_parses_with_its_defaults() {
    let s = load(DAY).unwrap();
    // Agents are counted once per group: the split shift is the same six.
    assert_eq!(s.agents, 10);
    assert!(s.helpdesk.is_none());
    let w = workforce(&s);
    assert_eq!(w.groups, ["early", "late"]);
    assert_eq!(w.group_agents, [vec![6], vec![4]]);
    // Times are seconds from the scenario's start, which may be negative.
    let periods: Vec<(usize, f64, f64)> =
        w.shifts.iter().map(|p| (p.group, p.start, p.end)).collect();
    assert_eq!(
        periods,
        [
            (0, -1200.0, 14_400.0),
            (0, 18_000.0, 36_000.0),
            (1, 14_400.0, 36_000.0)
        ]
    );
    assert_eq!(
        w.shifts[0].breaks,
        [Break {
            kind: BreakKind::Lunch,
            duration: 1800.0,
            window: (10_800.0, 12_600.0)
        }]
    );
    assert_eq!(w.prep, (900.0, 1200.0));
    assert_eq!(w.daily_quota, 30);
    assert_eq!(
        w.rules,
        BreakRules {
            no_break_while_waiting: Some(1),
            staggered: Some(1),
            max_deferral: 1800.0,
            on_max_deferral: DeferralAction::Take,
            overrun: None
        }
    );
    assert_eq!(w.meetings[0].groups, [false, true]);
    assert_eq!(w.meetings[0].days, Some(vec![0]));
    assert_eq!(w.meetings[0].start, 28_800.0);
    assert!(w.leave.is_none());
}

#[test]
fn overnight_shifts_end_the_next_day() {
    let text = DAY.replace(
        "start = \"12:00\"\nend = \"18:00\"",
        "start = \"12:00\"\nend = \"02:00\"",
    );
    let s = load(&text).unwrap();
    let late = &workforce(&s).shifts[2];
    assert_eq!((late.start, late.end), (14_400.0, 64_800.0));
}

#[test]
fn one_shift_over_the_run_is_the_plain_pool() {
    let text = MINIMAL.replace(
        "[agents]\ncount = 90",
        "[[shifts]]\nname = \"all\"\nstart = \"00:00\"\nend = \"12:00\"\nagents = 90",
    );
    let text = format!("prep_time = \"0s\"\n{text}");
    let s = load(&text).unwrap();
    assert_eq!((s.agents, s.workforce.is_none()), (90, true));
    // With preparation it is a real schedule.
    let s = load(&text.replace("prep_time = \"0s\"", "prep_time = \"5m\"")).unwrap();
    assert_eq!(workforce(&s).prep, (300.0, 300.0));
}

#[test]
fn shifts_give_each_tier_its_agents() {
    let text = format!(
        "{}[[tiers]]\nlevel = 1\n[[tiers]]\nlevel = 2\n",
        DAY.replace("agents = 6", "agents = [5, 1]")
            .replace("agents = 4", "agents = [3, 1]")
    );
    let s = load(&text).unwrap();
    let desk = s.helpdesk.as_ref().unwrap();
    assert_eq!(
        (desk.tiers[0].agents, desk.tiers[1].agents, s.agents),
        (8, 2, 10)
    );
    let err = load(&text.replace("level = 2\n", "level = 2\nagents = 4\n")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("cannot be used together"), "{err}");
    let err = load(&text.replace("agents = [3, 1]", "agents = 3")).unwrap_err();
    assert!(
        err.message().contains("expected a list of 2 numbers"),
        "{err}"
    );
}

#[test]
fn overrides_reach_shifts_and_their_breaks() {
    let s = load_with(
        DAY,
        &[
            "shifts[2].agents=7",
            "shifts.0.breaks.0.duration=45m",
            "breaks.staggered=false",
            "prep_time=10m",
        ],
    )
    .unwrap();
    let w = workforce(&s);
    assert_eq!((w.group_agents[1][0], s.agents), (7, 13));
    assert_eq!(w.shifts[0].breaks[0].duration, 2700.0);
    assert_eq!(w.rules.staggered, None);
    assert_eq!(w.prep, (600.0, 600.0));
}

#[test]
fn bad_schedules_are_located_and_explained() {
    let cases: &[(&str, &str, ErrorKind, &str, &[&str])] = &[
        (
            "agents = 4",
            "agents = 4\n[[shifts.breaks]]\nduration = \"10m\"\nwindow = [\"13:00\", \"12:30\"]",
            ErrorKind::InvalidValue,
            "s.toml:30:10",
            &["ends before it starts"],
        ),
        (
            "window = [\"11:00\", \"11:30\"]",
            "window = [\"11:50\", \"11:55\"]",
            ErrorKind::InvalidValue,
            "s.toml:18:10",
            &["would end after the shift"],
        ),
        (
            "name = \"late\"",
            "name = \"l a t e\"",
            ErrorKind::InvalidValue,
            "s.toml:24:8",
            &["invalid shift name"],
        ),
        (
            "end = \"12:00\"\nagents = 6",
            "end = \"07:40\"\nagents = 6",
            ErrorKind::InvalidValue,
            "s.toml:13:7",
            &["ends when it starts"],
        ),
        (
            "name = \"early\"\nstart = \"13:00\"",
            "name = \"early\"\nstart = \"13:00\"\nagents = 9",
            ErrorKind::Conflict,
            "s.toml:22:10",
            &["other agents in an earlier entry"],
        ),
        (
            "shifts = [\"late\"]",
            "shifts = [\"lat\"]",
            ErrorKind::InvalidValue,
            "s.toml:31:11",
            &["no shift is named \"lat\"", "`early`, `late`"],
        ),
        (
            "days = [1]",
            "days = [2]",
            ErrorKind::InvalidValue,
            "s.toml:32:9",
            &["day 2 is not in the run"],
        ),
        (
            "agents = 4",
            "agents = -4",
            ErrorKind::InvalidValue,
            "s.toml:27:10",
            &["agents` -4: expected a whole number of agents from 0 to 100000"],
        ),
    ];
    for (old, new, kind, place, words) in cases {
        let text = DAY.replacen(old, new, 1);
        assert_ne!(&text, DAY, "{old:?} not found");
        let err = load(&text).expect_err(new);
        assert_error(&err, *kind, place, words);
    }
    let err =
        load(&MINIMAL.replace("[agents]", "[breaks]\nstaggered = false\n[agents]")).unwrap_err();
    assert!(err.message().contains("needs `[[shifts]]`"), "{err}");
}
