//! The chart of a staffing plan: agents required per interval by Erlang C,
//! Erlang A and simulation, over the offered load.
//!
//! The chart reads its own [`PlannedInterval`] rather than the planner's
//! rows: reports sit below the planner and know only what they draw.

use std::io;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{
    self, BLUE, Clock, GREEN, LIGHT_GRAY, ORANGE, PURPLE, headroom, legend, legend_box, number,
    panel, titled,
};
use super::{Chart, DrawResult, Rendered, render};
use crate::scenario::Scenario;

/// What the staffing chart shows of one interval of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlannedInterval {
    /// Offered load in Erlangs: forecast calls times handle time, over the
    /// interval's length.
    pub load: f64,
    pub erlang_c_agents: Option<u32>,
    pub erlang_a_agents: Option<u32>,
    /// Agents on the phones the simulation found enough.
    pub agents: u32,
    /// Agents to schedule once shrinkage is added.
    pub scheduled_headcount: u32,
}

/// Draws the plan chart for `rows`, planned on `scenario`.
pub fn staffing_chart(
    scenario: &Scenario,
    rows: &[PlannedInterval],
    shrinkage: f64,
) -> io::Result<Rendered> {
    render(&Staffing {
        rows,
        clock: Clock {
            start_clock: scenario.time.start_clock,
            interval_hours: scenario.time.interval / 3600.0,
            intervals: rows.len(),
        },
        shrinkage,
        subtitle: format!("{} · seed {}", scenario.name, scenario.seed),
    })
}

struct Staffing<'a> {
    rows: &'a [PlannedInterval],
    clock: Clock,
    shrinkage: f64,
    subtitle: String,
}

impl Chart for Staffing<'_> {
    fn file_stem(&self) -> &'static str {
        "staffing"
    }

    fn title(&self) -> String {
        "Agents required per interval".to_owned()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let load: Vec<f64> = self.rows.iter().map(|r| r.load).collect();
        let max = self
            .rows
            .iter()
            .flat_map(|r| {
                [
                    r.erlang_c_agents.map(f64::from),
                    r.erlang_a_agents.map(f64::from),
                    Some(f64::from(r.agents)),
                    Some(f64::from(r.scheduled_headcount)),
                ]
            })
            .flatten()
            .chain(load.iter().copied())
            .fold(0.0, f64::max);
        let title = self.title();
        let area = titled(root, &title, &self.subtitle)?;
        let mut plot = panel(&area, self.clock.range(), 0.0..headroom(max).end * 1.3)?;
        let clock = self.clock;
        style::axes(
            &mut plot,
            clock.desc(),
            "agents · offered load (Erlangs)",
            &|x| clock.label(*x),
            &number,
        )?;
        plot.draw_series(load.iter().enumerate().map(|(k, l)| {
            let (a, b) = self.clock.span(k);
            Rectangle::new([(a, 0.0), (b, *l)], LIGHT_GRAY.filled())
        }))?
        .label("offered load (Erlangs)")
        .legend(legend_box(LIGHT_GRAY));
        let mut lines: Vec<(&str, RGBColor, u32, Vec<Option<f64>>)> = vec![
            (
                "Erlang C (no abandonment)",
                ORANGE,
                2,
                self.rows
                    .iter()
                    .map(|r| r.erlang_c_agents.map(f64::from))
                    .collect(),
            ),
            (
                "Erlang A (with abandonment)",
                PURPLE,
                2,
                self.rows
                    .iter()
                    .map(|r| r.erlang_a_agents.map(f64::from))
                    .collect(),
            ),
            (
                "simulated (meets the targets)",
                BLUE,
                4,
                self.rows
                    .iter()
                    .map(|r| Some(f64::from(r.agents)))
                    .collect(),
            ),
        ];
        if self.shrinkage > 0.0 {
            lines.push((
                "headcount to schedule (after shrinkage)",
                GREEN,
                2,
                self.rows
                    .iter()
                    .map(|r| Some(f64::from(r.scheduled_headcount)))
                    .collect(),
            ));
        }
        for (label, color, width, values) in lines {
            style::step_line(&mut plot, &clock, values.into_iter(), label, color, width)?;
        }
        legend(&mut plot, SeriesLabelPosition::UpperLeft)
    }
}
