//! The charts of one run: the wait-time histogram, service level per
//! interval, queue and calls in service over time, and agent states.

use std::io;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{
    self, BLUE, BROWN, CYAN, Clock, GREEN, LIGHT_GRAY, OLIVE, ORANGE, PINK, PURPLE, RED, font,
    headroom, legend, legend_box, legend_line, number, panel, percent, titled,
};
use super::{Chart, DrawResult, Rendered, render};
use crate::model::workforce::AgentState;
use crate::scenario::Scenario;
use crate::stats::{HistogramRow, IntervalRow, Results};

/// Draws every chart of a run, in the order the HTML report shows them.
pub fn run_charts(scenario: &Scenario, results: &Results) -> io::Result<Vec<Rendered>> {
    let s = &results.summary;
    let subtitle = format!(
        "{} · seed {} · replication {}",
        s.scenario, s.seed, s.replication
    );
    let clock = Clock {
        start_clock: scenario.time.start_clock,
        interval_hours: scenario.time.interval / 3600.0,
        intervals: results.intervals.len(),
    };
    let agents = scenario
        .helpdesk
        .as_ref()
        .map_or(scenario.agents, |d| d.tiers.iter().map(|t| t.agents).sum());
    let states = AgentStates::new(results, agents, scenario.wrap_up.is_some());
    Ok(vec![
        render(&WaitHistogram {
            rows: &results.wait_histogram,
            threshold: s.sla_threshold_seconds,
            within: ratio(s.calls_answered_within_threshold, s.calls_answered),
            service_level: s.service_level,
            target: s.sla_target,
            subtitle: &subtitle,
        })?,
        render(&ServiceLevel {
            intervals: &results.intervals,
            clock,
            target: s.sla_target,
            threshold: s.sla_threshold_seconds,
            subtitle: &subtitle,
        })?,
        render(&QueueAndService {
            intervals: &results.intervals,
            states: &states,
            clock,
            subtitle: &subtitle,
        })?,
        render(&AgentStatesChart {
            states: &states,
            clock,
            subtitle: &subtitle,
        })?,
    ])
}

fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Wait-time histogram of answered calls, with the SLA threshold.
struct WaitHistogram<'a> {
    rows: &'a [HistogramRow],
    threshold: f64,
    /// Share of answered calls answered within the threshold.
    within: Option<f64>,
    service_level: Option<f64>,
    target: f64,
    subtitle: &'a str,
}

/// Bin widths the histogram may regroup its one-second bins into.
const NICE_WIDTHS: [f64; 12] = [
    1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
];
/// At most this many bars for the waits above zero.
const MAX_BARS: f64 = 60.0;

impl WaitHistogram<'_> {
    /// The share answered at once, the bin width, and the shares of the
    /// regrouped bins `(k w, (k + 1) w]`.
    fn bars(&self) -> (f64, f64, Vec<f64>) {
        let at_once = self.rows.first().map_or(0.0, |r| r.share);
        let longest = self.rows.last().map_or(0.0, |r| r.wait_to_seconds);
        let width = NICE_WIDTHS
            .iter()
            .copied()
            .find(|w| (longest / w).ceil() <= MAX_BARS)
            .unwrap_or_else(|| (longest / MAX_BARS / 3600.0).ceil() * 3600.0);
        let mut bars = vec![0.0; (longest / width).ceil() as usize];
        for r in self.rows.iter().skip(1) {
            let k = ((r.wait_to_seconds / width).ceil() as usize).saturating_sub(1);
            if let Some(bar) = bars.get_mut(k) {
                *bar += r.share;
            }
        }
        (at_once, width, bars)
    }
}

impl Chart for WaitHistogram<'_> {
    fn file_stem(&self) -> &'static str {
        "wait_histogram"
    }

    fn title(&self) -> String {
        "Wait before answer, answered calls".to_owned()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (at_once, width, bars) = self.bars();
        let tallest = bars.iter().copied().fold(0.0, f64::max);
        // Most calls are often answered at once; a bar that tall would flatten
        // the rest, so the axis follows the waits and that bar is labelled.
        let top = if tallest > 0.0 {
            (tallest * 1.3).min(at_once.max(tallest) * 1.15)
        } else {
            at_once * 1.15
        };
        let top = if top > 0.0 { top } else { 1.0 };
        let x_end = (bars.len() as f64 * width)
            .max(self.threshold * 1.1)
            .max(width);
        let title = self.title();
        let area = titled(root, &title, self.subtitle)?;
        let mut plot = panel(&area, -width..x_end, 0.0..top)?;
        style::axes(
            &mut plot,
            "wait before answer (seconds)",
            "share of answered calls",
            &|x| if *x < 0.0 { String::new() } else { number(x) },
            &|y| format!("{:.1} %", 100.0 * y),
        )?;
        plot.draw_series(std::iter::once(Rectangle::new(
            [(-width * 0.9, 0.0), (0.0, at_once.min(top))],
            ORANGE.filled(),
        )))?
        .label(format!("answered at once: {:.1} %", 100.0 * at_once))
        .legend(legend_box(ORANGE));
        if at_once > top {
            plot.draw_series(std::iter::once(Text::new(
                format!("← {:.1} % (cut)", 100.0 * at_once),
                (width * 0.3, top * 0.9),
                font(style::NOTE_SIZE).pos(Pos::new(HPos::Left, VPos::Top)),
            )))?;
        }
        let bar_label = if width == 1.0 {
            "waited, per second".to_owned()
        } else {
            format!("waited, per {} s", number(&width))
        };
        plot.draw_series(
            bars.iter()
                .enumerate()
                .filter(|(_, s)| **s > 0.0)
                .map(|(k, s)| {
                    let a = k as f64 * width;
                    Rectangle::new([(a, 0.0), (a + width * 0.9, *s)], BLUE.filled())
                }),
        )?
        .label(bar_label)
        .legend(legend_box(BLUE));
        plot.draw_series(DashedLineSeries::new(
            [(self.threshold, 0.0), (self.threshold, top)],
            10,
            6,
            RED.stroke_width(3),
        ))?
        .label(format!("SLA threshold {} s", number(&self.threshold)))
        .legend(legend_line(RED, 3));
        let note = match (self.within, self.service_level) {
            (Some(within), Some(sl)) => format!(
                "{:.1} % of answered calls within {} s · service level {:.1} % (target {:.0} %)",
                100.0 * within,
                number(&self.threshold),
                100.0 * sl,
                100.0 * self.target
            ),
            _ => "no calls answered".to_owned(),
        };
        plot.draw_series(std::iter::once(Text::new(
            note,
            (self.threshold + x_end * 0.01, top * 0.97),
            font(style::NOTE_SIZE).pos(Pos::new(HPos::Left, VPos::Top)),
        )))?;
        legend(&mut plot, SeriesLabelPosition::MiddleRight)
    }
}

/// Service level per interval against the target.
struct ServiceLevel<'a> {
    intervals: &'a [IntervalRow],
    clock: Clock,
    target: f64,
    threshold: f64,
    subtitle: &'a str,
}

impl Chart for ServiceLevel<'_> {
    fn file_stem(&self) -> &'static str {
        "service_level"
    }

    fn title(&self) -> String {
        format!(
            "Service level per interval (answered within {} s)",
            number(&self.threshold)
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let title = self.title();
        let area = titled(root, &title, self.subtitle)?;
        let mut plot = panel(&area, self.clock.range(), 0.0..1.05)?;
        let clock = self.clock;
        style::axes(
            &mut plot,
            clock.desc(),
            "service level",
            &|x| clock.label(*x),
            &percent,
        )?;
        let bar = |met: bool| {
            move |(k, r): (usize, &IntervalRow)| {
                let sl = r.service_level?;
                if (sl >= self.target) != met {
                    return None;
                }
                let (a, b) = self.clock.span(k);
                let color = if met { GREEN } else { RED };
                let pad = 0.08 * (b - a);
                Some(Rectangle::new(
                    [(a + pad, 0.0), (b - pad, sl)],
                    color.filled(),
                ))
            }
        };
        let met = self.intervals.iter().enumerate().filter_map(bar(true));
        plot.draw_series(met)?
            .label("target met")
            .legend(legend_box(GREEN));
        let missed: Vec<_> = self
            .intervals
            .iter()
            .enumerate()
            .filter_map(bar(false))
            .collect();
        let below = missed.len();
        plot.draw_series(missed)?
            .label(format!("below target ({below} intervals)"))
            .legend(legend_box(RED));
        let range = self.clock.range();
        plot.draw_series(DashedLineSeries::new(
            [(range.start, self.target), (range.end, self.target)],
            10,
            6,
            BLACK.stroke_width(2),
        ))?
        .label(format!("target {:.0} %", 100.0 * self.target))
        .legend(legend_line(BLACK, 2));
        legend(&mut plot, SeriesLabelPosition::LowerRight)
    }
}

/// Mean agents per interval in each state the chart shows, and what the
/// queue-and-service chart calls "in service".
struct AgentStates {
    /// `(label, colour, per-interval means)`, bottom of the stack first.
    layers: Vec<(&'static str, RGBColor, Vec<f64>)>,
    /// Per interval: calls in service, or busy agents without state data.
    in_service: Vec<Option<f64>>,
    in_service_label: &'static str,
    in_service_axis: &'static str,
}

impl AgentStates {
    fn new(results: &Results, agents: u32, has_wrap_up: bool) -> Self {
        match &results.workforce {
            Some(workforce) => {
                let shown = [
                    (AgentState::Talk, "talk", BLUE),
                    (AgentState::Hold, "caller on hold", CYAN),
                    (AgentState::WrapUp, "wrap-up", PURPLE),
                    (AgentState::Idle, "idle", LIGHT_GRAY),
                    (AgentState::Prep, "preparation", OLIVE),
                    (AgentState::Break, "break", ORANGE),
                    (AgentState::Lunch, "lunch", BROWN),
                    (AgentState::Meeting, "meeting", PINK),
                    (AgentState::Leave, "personal leave", RED),
                ];
                let series = |s: AgentState| {
                    workforce
                        .state_intervals
                        .iter()
                        .map(|row| row[s.index()])
                        .collect::<Vec<f64>>()
                };
                let in_service = workforce
                    .state_intervals
                    .iter()
                    .map(|row| Some(row[AgentState::Talk.index()] + row[AgentState::Hold.index()]))
                    .collect();
                Self {
                    layers: shown
                        .iter()
                        .map(|&(s, label, color)| (label, color, series(s)))
                        .collect(),
                    in_service,
                    in_service_label: "calls in service (talk + hold)",
                    in_service_axis: "calls in service",
                }
            }
            None => {
                let n = f64::from(agents);
                let busy: Vec<Option<f64>> = results
                    .intervals
                    .iter()
                    .map(|r| r.occupancy.map(|o| o * n))
                    .collect();
                Self {
                    layers: vec![
                        (
                            "busy",
                            BLUE,
                            busy.iter().map(|b| b.unwrap_or(0.0)).collect(),
                        ),
                        (
                            "idle",
                            LIGHT_GRAY,
                            busy.iter().map(|b| b.map_or(0.0, |b| n - b)).collect(),
                        ),
                    ],
                    in_service: busy,
                    in_service_label: if has_wrap_up {
                        "agents busy (calls and wrap-up)"
                    } else {
                        "calls in service"
                    },
                    in_service_axis: if has_wrap_up {
                        "agents busy"
                    } else {
                        "calls in service"
                    },
                }
            }
        }
    }
}

/// Queue length and calls in service over the day.
struct QueueAndService<'a> {
    intervals: &'a [IntervalRow],
    states: &'a AgentStates,
    clock: Clock,
    subtitle: &'a str,
}

impl Chart for QueueAndService<'_> {
    fn file_stem(&self) -> &'static str {
        "queue"
    }

    fn title(&self) -> String {
        "Calls waiting and in service (interval time-weighted means)".to_owned()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let queue: Vec<Option<f64>> = self.intervals.iter().map(|r| r.avg_queue_length).collect();
        let title = self.title();
        let area = titled(root, &title, self.subtitle)?;
        // Two panels on one time axis: a queue of 2 next to 40 calls in
        // service would be a flat line on a shared scale.
        let (upper, lower) = area.split_vertically(area.dim_in_pixel().1 / 2);
        let panels = [
            (
                &upper,
                &queue,
                "calls waiting in queue",
                "calls waiting",
                "",
                RED,
            ),
            (
                &lower,
                &self.states.in_service,
                self.states.in_service_label,
                self.states.in_service_axis,
                self.clock.desc(),
                BLUE,
            ),
        ];
        let clock = self.clock;
        for (area, values, label, y_desc, x_desc, color) in panels {
            let max = values.iter().flatten().copied().fold(0.0, f64::max);
            let mut plot = panel(area, self.clock.range(), headroom(max))?;
            style::axes(&mut plot, x_desc, y_desc, &|x| clock.label(*x), &number)?;
            style::step_line(&mut plot, &clock, values.iter().copied(), label, color, 3)?;
            legend(&mut plot, SeriesLabelPosition::UpperRight)?;
        }
        Ok(())
    }
}

/// Agents by state over the day, stacked.
struct AgentStatesChart<'a> {
    states: &'a AgentStates,
    clock: Clock,
    subtitle: &'a str,
}

impl Chart for AgentStatesChart<'_> {
    fn file_stem(&self) -> &'static str {
        "agent_states"
    }

    fn title(&self) -> String {
        "Agents by state (interval averages, stacked)".to_owned()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let n = self.clock.intervals;
        let mut base = vec![0.0; n];
        let mut stacks = Vec::with_capacity(self.states.layers.len());
        for (label, color, values) in &self.states.layers {
            let top: Vec<f64> = base.iter().zip(values).map(|(b, v)| b + v).collect();
            stacks.push((*label, *color, base.clone(), top.clone()));
            base = top;
        }
        let max = base.iter().copied().fold(0.0, f64::max);
        let title = self.title();
        let area = titled(root, &title, self.subtitle)?;
        let mut plot = panel(&area, self.clock.range(), headroom(max))?;
        let clock = self.clock;
        style::axes(
            &mut plot,
            clock.desc(),
            "agents (time-weighted mean)",
            &|x| clock.label(*x),
            &number,
        )?;
        for (label, color, lower, upper) in stacks {
            if upper.iter().zip(&lower).all(|(u, l)| u - l <= 0.0) {
                continue; // a state nobody was in: no layer, no legend entry
            }
            let mut outline: Vec<(f64, f64)> = Vec::with_capacity(4 * n);
            for (k, u) in upper.iter().enumerate() {
                let (a, b) = self.clock.span(k);
                outline.extend([(a, *u), (b, *u)]);
            }
            for (k, l) in lower.iter().enumerate().rev() {
                let (a, b) = self.clock.span(k);
                outline.extend([(b, *l), (a, *l)]);
            }
            plot.draw_series(std::iter::once(Polygon::new(outline, color.filled())))?
                .label(label)
                .legend(legend_box(color));
        }
        legend(&mut plot, SeriesLabelPosition::UpperRight)
    }
}
