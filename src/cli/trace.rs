//! `callsim trace SCENARIO --case N | --agent K | --rule NAME`: one case's
//! story, one agent's day, or every act of one rule, told from the run's
//! event stream.

use super::args::{TraceArgs, TraceFormat};
use super::error::{CliError, EXIT_OK};
use crate::replication::{Options, run_replication_with};
use crate::report::story::{self, Cast, StoryReader, Subject, words};
use crate::scenario::load_file;

pub fn trace(args: &TraceArgs) -> Result<u8, CliError> {
    let mut scenario = load_file(&args.scenario, &args.scenario_args.overrides)?;
    if let Some(seed) = args.seed {
        scenario.seed = seed;
    }
    let subject = subject(args, &Cast::new(&scenario))?;
    if let Some(overload) = crate::model::overload(&scenario) {
        eprintln!("{overload}");
    }
    let mut reader = StoryReader::new(subject);
    run_replication_with(
        &scenario,
        args.replication,
        &Options::default(),
        &mut reader,
    )?;
    if let Subject::Case(case) = subject {
        if let Some(first) = reader.repeat_of() {
            return Err(CliError::Usage(words::repeat_call(case, first)));
        }
        if case >= reader.calls() {
            return Err(CliError::Usage(words::no_such_case(case, reader.calls())));
        }
    }
    let story = story::tell(&scenario, args.replication, subject, reader.events());
    let text = match args.format {
        TraceFormat::Text => story.to_text(),
        TraceFormat::Json => {
            let mut json =
                serde_json::to_string_pretty(&story).expect("a story is plain numbers and text");
            json.push('\n');
            json
        }
    };
    super::print_out(&text)?;
    Ok(EXIT_OK)
}

/// The subject the flags name; an agent or a rule that is not one is a
/// usage error, caught before the run (a case needs the run to know).
fn subject(args: &TraceArgs, cast: &Cast) -> Result<Subject, CliError> {
    let asked = &args.subject;
    if let Some(agent) = asked.agent {
        if agent >= cast.agent_count() {
            return Err(CliError::Usage(words::no_such_agent(
                agent,
                cast.agent_count(),
            )));
        }
        return Ok(Subject::Agent(agent));
    }
    if let Some(name) = &asked.rule {
        return story::rule_named(name)
            .map(Subject::Rule)
            .ok_or_else(|| CliError::Usage(words::no_such_rule(name, &story::RULES)));
    }
    // clap requires exactly one of the three.
    Ok(Subject::Case(asked.case.unwrap_or_default()))
}
