//! What every chart shares: the embedded font, sizes, colours, the frame
//! (title, scenario name, axes) and the clock-time axis.

use std::io;
use std::ops::Range;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::stats::clock_label;

use super::{DrawResult, WIDTH};

/// The family every text uses; the embedded DejaVu Sans is registered under
/// it, and SVG viewers map it to their own sans-serif font.
pub const FAMILY: &str = "sans-serif";
pub const TITLE_SIZE: u32 = 30;
pub const SUBTITLE_SIZE: u32 = 18;
pub const AXIS_DESC_SIZE: u32 = 20;
pub const LABEL_SIZE: u32 = 16;
pub const LEGEND_SIZE: u32 = 17;
pub const NOTE_SIZE: u32 = 18;

/// Tableau 10, readable on screen and in print, distinguishable for most
/// colour-blind readers in the order used here.
pub const BLUE: RGBColor = RGBColor(31, 119, 180);
pub const ORANGE: RGBColor = RGBColor(255, 127, 14);
pub const GREEN: RGBColor = RGBColor(44, 160, 44);
pub const RED: RGBColor = RGBColor(214, 39, 40);
pub const PURPLE: RGBColor = RGBColor(148, 103, 189);
pub const BROWN: RGBColor = RGBColor(140, 86, 75);
pub const PINK: RGBColor = RGBColor(227, 119, 194);
pub const GRAY: RGBColor = RGBColor(127, 127, 127);
pub const OLIVE: RGBColor = RGBColor(188, 189, 34);
pub const CYAN: RGBColor = RGBColor(23, 190, 207);
pub const LIGHT_GRAY: RGBColor = RGBColor(215, 215, 215);

/// Registers the embedded fonts with plotters, once per process.
pub fn register_fonts() -> io::Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        let regular =
            plotters::style::register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular());
        let bold = plotters::style::register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold());
        regular.is_ok() && bold.is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(io::Error::other(
            "the embedded DejaVu Sans font could not be loaded",
        ))
    }
}

pub fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&BLACK)
}

/// A chart area with its title and, in the top-right corner, the scenario
/// the figures come from.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Clears `root`, writes `subtitle` (the scenario) top right and `title`
/// at the top, and returns the area left for the plot panels.
pub fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    root.draw(&Text::new(
        subtitle.to_owned(),
        (WIDTH as i32 - 20, 12),
        font(SUBTITLE_SIZE)
            .color(&GRAY)
            .pos(Pos::new(HPos::Right, VPos::Top)),
    ))?;
    let area = root.margin(28, 0, 0, 0);
    area.titled(
        title,
        (FAMILY, TITLE_SIZE).into_font().style(FontStyle::Bold),
    )
}

/// A plot over the given ranges filling `area`, its axes not drawn yet.
pub fn panel<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    x: Range<f64>,
    y: Range<f64>,
) -> Result<Plot<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    ChartBuilder::on(area)
        .margin_top(10)
        .margin_left(20)
        .margin_right(30)
        .margin_bottom(14)
        .x_label_area_size(62)
        .y_label_area_size(86)
        .build_cartesian_2d(x, y)
}

/// Draws the mesh with axis descriptions and the fonts above.
pub fn axes<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    x_desc: &str,
    y_desc: &str,
    x_format: &dyn Fn(&f64) -> String,
    y_format: &dyn Fn(&f64) -> String,
) -> DrawResult<DB> {
    plot.configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(font(AXIS_DESC_SIZE))
        .label_style(font(LABEL_SIZE))
        .x_labels(13)
        .y_labels(10)
        .x_label_formatter(x_format)
        .y_label_formatter(y_format)
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .draw()
}

/// Draws the legend of the labelled series in `corner`.
pub fn legend<'a, DB: DrawingBackend + 'a>(
    plot: &mut Plot<'a, DB>,
    corner: SeriesLabelPosition,
) -> DrawResult<DB> {
    plot.configure_series_labels()
        .position(corner)
        .margin(12)
        .label_font(font(LEGEND_SIZE))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .draw()
}

/// The reporting intervals on a time axis: x is hours since the run started.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    /// Clock time of the run's start, seconds after midnight.
    pub start_clock: f64,
    /// Interval length in hours.
    pub interval_hours: f64,
    pub intervals: usize,
}

impl Clock {
    /// Hours per unit of x: 1 for a day or less, 24 beyond, so that a
    /// week's ticks fall on whole and half days rather than every 10 hours.
    fn unit(&self) -> f64 {
        if self.intervals as f64 * self.interval_hours > 24.0 {
            24.0
        } else {
            1.0
        }
    }

    pub fn range(&self) -> Range<f64> {
        let hours = (self.intervals as f64 * self.interval_hours).max(self.interval_hours);
        0.0..hours / self.unit()
    }

    /// Start and end of interval `k` on the x axis.
    pub fn span(&self, k: usize) -> (f64, f64) {
        let a = k as f64 * self.interval_hours / self.unit();
        (a, a + self.interval_hours / self.unit())
    }

    /// `HH:MM`, with the day number once the run spans more than a day.
    pub fn label(&self, x: f64) -> String {
        let seconds = self.start_clock + x * self.unit() * 3600.0;
        let clock = clock_label(seconds);
        if self.unit() > 1.0 {
            format!(
                "d{} {clock}",
                (seconds / 86_400.0 + 1e-9).floor() as i64 + 1
            )
        } else {
            clock
        }
    }

    /// The time axis' description.
    pub fn desc(&self) -> &'static str {
        if self.unit() > 1.0 {
            "interval start (day and clock time)"
        } else {
            "interval start (clock time)"
        }
    }

    /// The step curve through per-interval `values` (gaps where `None`),
    /// as runs of points for line series.
    pub fn steps(&self, values: impl Iterator<Item = Option<f64>>) -> Vec<Vec<(f64, f64)>> {
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut open = false;
        for (k, v) in values.enumerate() {
            match v {
                Some(v) => {
                    let (a, b) = self.span(k);
                    if !open {
                        runs.push(Vec::new());
                        open = true;
                    }
                    let run = runs.last_mut().expect("a run was opened");
                    run.push((a, v));
                    run.push((b, v));
                }
                None => open = false,
            }
        }
        runs
    }
}

/// `12.5 %` for a share.
pub fn percent(share: &f64) -> String {
    format!("{:.0} %", 100.0 * share)
}

/// A plain number without needless decimals.
pub fn number(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// A y range from 0 to a bit above `max`, never empty.
pub fn headroom(max: f64) -> Range<f64> {
    let top = if max.is_finite() && max > 0.0 {
        max * 1.15
    } else {
        1.0
    };
    0.0..top
}

/// Draws per-interval `values` as a step line with one legend entry (gaps
/// where `None`).
pub fn step_line<'a, DB: DrawingBackend + 'a>(
    plot: &mut Plot<'a, DB>,
    clock: &Clock,
    values: impl Iterator<Item = Option<f64>>,
    label: &str,
    color: RGBColor,
    width: u32,
) -> DrawResult<DB> {
    for (i, run) in clock.steps(values).into_iter().enumerate() {
        let drawn = plot.draw_series(LineSeries::new(run, color.stroke_width(width)))?;
        if i == 0 {
            drawn.label(label).legend(legend_line(color, width));
        }
    }
    Ok(())
}

/// A line segment for a legend entry.
pub fn legend_line(color: RGBColor, width: u32) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    let style = color.stroke_width(width);
    move |(x, y)| PathElement::new(vec![(x, y), (x + 24, y)], style)
}

/// A filled square for a legend entry.
pub fn legend_box(color: RGBColor) -> impl Fn((i32, i32)) -> Rectangle<(i32, i32)> {
    let style = color.filled();
    move |(x, y)| Rectangle::new([(x, y - 7), (x + 18, y + 7)], style)
}
