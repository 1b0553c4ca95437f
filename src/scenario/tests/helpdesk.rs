//! Help-desk tables: parsed into the validated desk, defaults, the
//! single-pool normalisation, `--set` into list entries, and every error.

use super::*;

const DESK: &str = r#"name = "desk"
[time]
duration = "2h"
[arrivals]
rate_per_hour = 100
[handle_time]
distribution = "exponential"
mean = "5m"
[sla]
threshold = "30s"
target = 0.75
[calls]
complexity = { basic = 0.6, complex = 0.4 }
topics = { sap = 0.3, network = 0.7 }
languages = { es = 0.9, en = 0.1 }
[[tiers]]
level = 1
agents = 8
skills = ["network"]
languages = ["es"]
diagnosis = "1m"
resolve = { basic = 0.8, complex = 0.1 }
[[tiers]]
level = 3
agents = 2
handle_factor = 1.5
[customers]
normal = 0.8
angry = 0.2
[customer_effects.angry]
patience = 0.5
[[priorities]]
name = "gold"
share = 0.25
threshold = "10s"
[[priorities]]
name = "bronze"
share = 0.75
target = 0.6
[routing]
agent = "longest_idle"
overflow = true
[transfer]
policy = "cold"
[hold]
probability = 0.2
duration = { distribution = "lognormal", mean = "2m", cv = 0.5 }
patience = { distribution = "exponential", mean = "5m" }
[call_limit]
action = "callback"
"#;

fn desk(s: &Scenario) -> &Helpdesk {
    s.helpdesk.as_ref().expect("a help desk")
}

#[test]
fn a_full_desk_parses_with_its_defaults() {
    let s = load(DESK).unwrap();
    assert_eq!(s.agents, 10);
    let d = desk(&s);
    // Mixes keep the order written.
    assert_eq!(d.complexities.names, ["basic", "complex"]);
    assert_eq!(d.topics.names, ["sap", "network"]);
    assert_eq!(d.topics.shares, [0.3, 0.7]);
    assert_eq!(d.languages.names, ["es", "en"]);
    assert_eq!(
        d.tiers[0],
        Tier {
            level: 1,
            agents: 8,
            skills: vec![false, true],
            languages: vec![true, false],
            handle_factor: 1.0,
            diagnosis: 60.0,
            resolve: vec![0.8, 0.1],
        }
    );
    // Skills, languages and resolution default to everything.
    assert_eq!(
        d.tiers[1],
        Tier {
            level: 3,
            agents: 2,
            skills: vec![true, true],
            languages: vec![true, true],
            handle_factor: 1.5,
            diagnosis: 0.0,
            resolve: vec![1.0, 1.0],
        }
    );
    let shares: Vec<f64> = d.customers.iter().map(|c| c.share).collect();
    assert_eq!(shares, [0.8, 0.0, 0.0, 0.0, 0.2]);
    let angry = d.customers[4];
    assert_eq!(angry.kind, CustomerKind::Angry);
    // Only the patience was overridden; the other defaults stand.
    assert_eq!(
        [angry.talk, angry.patience, angry.hold, angry.escalation],
        [1.1, 0.5, 1.0, 1.4]
    );
    assert_eq!(
        d.classes,
        [
            PriorityClass {
                name: "gold".into(),
                share: 0.25,
                threshold: 10.0,
                target: 0.75
            },
            PriorityClass {
                name: "bronze".into(),
                share: 0.75,
                threshold: 30.0,
                target: 0.6
            }
        ]
    );
    assert_eq!(
        d.routing,
        Routing {
            agent: AgentChoice::LongestIdle,
            overflow: true
        }
    );
    assert_eq!(
        d.transfer,
        Transfer {
            policy: TransferPolicy::Cold,
            // The default follows the course: with consent, else a callback
            // (issue 13, R8; it was `PriorityQueue`).
            on_timeout: WarmTimeout::Callback
        }
    );
    let hold = d.hold.as_ref().unwrap();
    assert_eq!((hold.probability, hold.max), (0.2, 180.0));
    // At the hold limit the agent offers a callback (issue 13, R4).
    assert_eq!(
        (hold.at_limit, hold.check_in),
        (HoldLimitAction::Callback, 30.0)
    );
    assert_eq!(
        hold.duration,
        DistributionSpec::LogNormal {
            mean: 120.0,
            cv: 0.5
        }
    );
    assert_eq!(
        hold.patience,
        Some(DistributionSpec::Exponential { mean: 300.0 })
    );
    assert_eq!(
        d.call_limit,
        Some(CallLimit {
            max: 900.0,
            action: LimitAction::Callback
        })
    );
}

#[test]
fn help_desk_tables_with_agents_make_one_tier_and_defaults_fill_the_rest() {
    let s = load(&format!("{MINIMAL}[transfer]\npolicy = \"warm\"\n[hold]\nprobability = 0.1\nduration = {{ distribution = \"constant\", mean = \"1m\" }}\n")).unwrap();
    let d = desk(&s);
    assert_eq!(d.tiers.len(), 1);
    assert_eq!((d.tiers[0].level, d.tiers[0].agents), (1, 90));
    assert_eq!(d.topics.names, ["general"]);
    assert_eq!(d.complexities.names, ["standard"]);
    assert_eq!(d.languages.names, ["any"]);
    assert_eq!(d.customers[0].share, 1.0);
    assert_eq!(d.classes.len(), 1);
    assert_eq!(d.classes[0].name, "standard");
    assert_eq!((d.classes[0].threshold, d.classes[0].target), (20.0, 0.8));
    assert_eq!(d.routing.agent, AgentChoice::LowestTier);
    assert_eq!(d.call_limit, None);
}

#[test]
fn a_plain_one_tier_desk_is_the_single_pool() {
    let text = MINIMAL.replace(
        "[agents]\ncount = 90",
        "[[tiers]]\nlevel = 1\nagents = 42\n[routing]\nagent = \"longest_idle\"\n[transfer]\npolicy = \"cold\"",
    );
    let s = load(&text).unwrap();
    assert_eq!((s.agents, s.helpdesk.is_none()), (42, true));
    // Names, and settings one tier cannot use, change nothing.
    for ignored in [
        "[calls]\ntopics = { printers = 1.0 }\n",
        "[routing]\noverflow = true\n",
        "[customer_effects.rude]\ntalk = 2.0\n",
    ] {
        let text = text.replace("[routing]\nagent = \"longest_idle\"\n", "");
        let s = load(&format!("{text}\n{ignored}")).unwrap();
        assert!(s.helpdesk.is_none(), "{ignored}");
    }
    // Anything that changes behaviour keeps the desk.
    for extra in [
        "[customers]\nnormal = 0.9\nrude = 0.1\n",
        "[customer_effects.normal]\ntalk = 1.2\n",
        "[[priorities]]\nname = \"vip\"\nshare = 1\nthreshold = \"10s\"\n",
        "[call_limit]\nmax = \"15m\"\n",
        "[calls]\ntopics = { a = 0.5, b = 0.5 }\n",
        "[hold]\nprobability = 0.1\nduration = { distribution = \"exponential\", mean = \"2m\" }\n",
        "[tickets]\nrate_per_hour = 3\nwork = { distribution = \"exponential\", mean = \"12m\" }\nresponse_sla = \"24h\"\ntier = 1\n",
    ] {
        let s = load(&format!("{text}\n{extra}")).unwrap();
        assert!(s.helpdesk.is_some(), "{extra}");
    }
    let factor = text.replace("agents = 42", "agents = 42\nhandle_factor = 1.1");
    assert!(load(&factor).unwrap().helpdesk.is_some());
}

#[test]
fn overrides_reach_list_entries_and_nested_tables() {
    let s = load_with(
        DESK,
        &[
            "tiers.0.agents=15",
            "tiers[1].handle_factor=2",
            "tiers[0].resolve.basic=0.5",
            "calls.topics.sap=0.4",
            "calls.topics.network=0.6",
            "priorities[0].threshold=5s",
            "customer_effects.rude.talk=2",
            "hold.duration.distribution=exponential",
            "transfer.policy=callback",
        ],
    )
    .unwrap();
    let d = desk(&s);
    assert_eq!((d.tiers[0].agents, d.tiers[1].handle_factor), (15, 2.0));
    assert_eq!(s.agents, 17);
    assert_eq!(d.tiers[0].resolve, [0.5, 0.1]);
    assert_eq!(d.topics.shares, [0.4, 0.6]);
    assert_eq!(d.classes[0].threshold, 5.0);
    assert_eq!(d.customers[2].talk, 2.0);
    // Switching the distribution dropped the lognormal's cv.
    assert_eq!(
        d.hold.as_ref().unwrap().duration,
        DistributionSpec::Exponential { mean: 120.0 }
    );
    assert_eq!(d.transfer.policy, TransferPolicy::Callback);
}

#[test]
fn override_errors_on_lists_name_the_flag() {
    let err = load_with(DESK, &["tiers[5].agents=3"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::BadOverride,
        "--set tiers[5].agents=3",
        &["`tiers` has 2 entries", "`tiers[1]`"],
    );
    let err = load_with(DESK, &["tiers.agents=3"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::BadOverride,
        "--set tiers.agents=3",
        &["list of tables", "tiers[0].agents"],
    );
    let err = load_with(DESK, &["tiers.0.agnets=3"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::UnknownKey,
        "--set tiers.0.agnets=3",
        &[
            "unknown key `agnets` in `tiers[0]`",
            "did you mean `tiers[0].agents`?",
        ],
    );
    let err = load_with(DESK, &["tiers[0].agents=many"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::WrongType,
        "--set tiers[0].agents=many",
        &["`tiers[0].agents`", "whole number"],
    );
    let err = load_with(DESK, &["tiers[0].agents=0"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::InvalidValue,
        "--set tiers[0].agents=0",
        &["invalid `tiers[0].agents` 0", "from 1 to"],
    );
    let err = load_with(DESK, &["tiers[x].agents=1"]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::BadOverride);
    let err = load_with(DESK, &["calls.topics.sap.deep=1"]).unwrap_err();
    assert_error(
        &err,
        ErrorKind::BadOverride,
        "--set calls.topics.sap.deep=1",
        &["`calls.topics.sap` is a value"],
    );
}

/// Every kind of mistake, with where it is and what was expected.
#[test]
fn bad_desks_are_located_and_explained() {
    let cases: &[(&str, &str, ErrorKind, &str, &[&str])] = &[
        (
            "level = 3",
            "level = 1",
            ErrorKind::InvalidValue,
            "s.toml:24:9",
            &["invalid `level` 1 for tier 2", "from 2 to 5"],
        ),
        (
            "level = 1\n",
            "level = 6\n",
            ErrorKind::InvalidValue,
            "s.toml:17:9",
            &["invalid `level` 6", "from 1 to 5"],
        ),
        (
            "level = 3\n",
            "",
            ErrorKind::MissingKey,
            "s.toml:23:1",
            &["missing required key `tiers[1].level`"],
        ),
        (
            "handle_factor = 1.5",
            "handle_factor = 0",
            ErrorKind::InvalidValue,
            "s.toml:26:17",
            &["invalid `handle_factor` 0 for tier 2", "> 0"],
        ),
        (
            "diagnosis = \"1m\"",
            "diagnosis = -5",
            ErrorKind::InvalidValue,
            "s.toml:21:13",
            &["negative"],
        ),
        (
            "basic = 0.8, complex",
            "basic = 1.8, complex",
            ErrorKind::InvalidValue,
            "s.toml:22:21",
            &["invalid `tiers[0].resolve.basic` 1.8"],
        ),
        (
            "resolve = { basic = 0.8, complex = 0.1 }",
            "resolve = { basic = 0.8 }",
            ErrorKind::MissingKey,
            "s.toml:22:11",
            &["no probability for complexity `complex`"],
        ),
        (
            "resolve = { basic = 0.8, complex = 0.1 }",
            "resolve = { basic = 0.8, complx = 0.1 }",
            ErrorKind::InvalidValue,
            "s.toml:22:35",
            &["unknown complexity \"complx\"", "did you mean `complex`?"],
        ),
        (
            "languages = [\"es\"]",
            "languages = [\"es\", \"fr\"]",
            ErrorKind::InvalidValue,
            "s.toml:20:20",
            &["unknown language \"fr\" in `tiers[0].languages`"],
        ),
        (
            "complexity = { basic = 0.6, complex = 0.4 }",
            "complexity = {}",
            ErrorKind::InvalidValue,
            "s.toml:13:14",
            &["`calls.complexity` is empty"],
        ),
        (
            "sap = 0.3",
            "sap = -0.3",
            ErrorKind::InvalidValue,
            "s.toml:14:18",
            &["invalid `calls.topics.sap` -0.3"],
        ),
        (
            "sap = 0.3",
            "\"s a p\" = 0.3",
            ErrorKind::InvalidValue,
            "s.toml:14:22",
            &["invalid name \"s a p\""],
        ),
        (
            "normal = 0.8",
            "normal = 0.7",
            ErrorKind::InvalidValue,
            "s.toml:27:1",
            &["customer-type shares sum to 0.9"],
        ),
        (
            "patience = 0.5",
            "patience = -1",
            ErrorKind::InvalidValue,
            "s.toml:31:12",
            &["invalid multiplier -1 for `customer_effects.angry.patience`"],
        ),
        (
            "[customer_effects.angry]",
            "[customer_effects.angri]",
            ErrorKind::UnknownKey,
            "s.toml:30:19",
            &["unknown key `angri`", "did you mean `angry`?"],
        ),
        (
            "name = \"bronze\"",
            "name = \"gold\"",
            ErrorKind::Conflict,
            "s.toml:37:8",
            &["duplicate priority class \"gold\""],
        ),
        (
            "share = 0.75",
            "share = 0.7",
            ErrorKind::InvalidValue,
            "s.toml:32:1",
            &["priority-class shares sum to 0.95"],
        ),
        (
            "target = 0.6",
            "target = 60",
            ErrorKind::InvalidValue,
            "s.toml:39:10",
            &["invalid `priorities[1].target` 60"],
        ),
        (
            "agent = \"longest_idle\"",
            "agent = \"longest-idle\"",
            ErrorKind::InvalidValue,
            "s.toml:41:9",
            &[
                "`lowest_tier`, `longest_idle`",
                "did you mean \"longest_idle\"?",
            ],
        ),
        (
            "policy = \"cold\"",
            "policy = \"Cold\"",
            ErrorKind::InvalidValue,
            "s.toml:44:10",
            &[
                "unknown `transfer.policy` \"Cold\"",
                "`warm`, `cold`, `callback`",
            ],
        ),
        (
            "probability = 0.2",
            "probability = 1.2",
            ErrorKind::InvalidValue,
            "s.toml:46:15",
            &["invalid `hold.probability` 1.2"],
        ),
        (
            "cv = 0.5 }",
            "cv = 0 }",
            ErrorKind::InvalidValue,
            "s.toml:47:60",
            &["hold.duration.cv"],
        ),
        (
            "action = \"callback\"",
            "action = \"escalate\"\nmax = 0",
            ErrorKind::InvalidValue,
            "s.toml:51:7",
            &["`call_limit.max` is 0s"],
        ),
        (
            "[[tiers]]\nlevel = 3",
            "[[tiers]]\nlevel = 3\nskills = [\"network\"]",
            ErrorKind::InvalidValue,
            "s.toml:14:18",
            &["no tier has the skill \"sap\"", "30 %"],
        ),
        (
            "[[tiers]]\nlevel = 3",
            "[[tiers]]\nlevel = 3\nlanguages = [\"es\"]",
            ErrorKind::InvalidValue,
            "s.toml:15:30",
            &["no tier speaks \"en\""],
        ),
        (
            "[[tiers]]\nlevel = 3",
            "[[tiers]]\nlevel = 3\nlanguages = [\"en\"]",
            ErrorKind::InvalidValue,
            "s.toml:14:18",
            &["no tier has the skill \"sap\" and speaks \"es\""],
        ),
        (
            "[customers]",
            "[agents]\ncount = 4\n[customers]",
            ErrorKind::Conflict,
            "s.toml:16:1",
            &["`[agents]` and `[[tiers]]` cannot be used together"],
        ),
    ];
    for (old, new, kind, place, words) in cases {
        let text = DESK.replacen(old, new, 1);
        assert_ne!(&text, DESK, "{old:?} not found");
        let err = load(&text).expect_err(new);
        assert_error(&err, *kind, place, words);
    }
}

#[test]
fn a_desk_without_agents_or_tiers_is_missing_agents() {
    let text = MINIMAL.replace("[agents]\ncount = 90", "[transfer]\npolicy = \"cold\"");
    let err = load(&text).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingKey);
    assert!(
        err.message().contains("`[agents]` (or `[[tiers]]`)"),
        "{err}"
    );
}

proptest! {
    #[test]
    fn any_desk_override_loads_or_errors(
        key in "(tiers|priorities|calls|hold|customer_effects)[a-z_.0-9\\[\\]]{0,16}",
        value in "\\PC{0,12}",
    ) {
        let _ = load_with(DESK, &[&format!("{key}={value}")]);
    }
}
