//! Charts a manager reads at a glance, written as SVG (sharp in the HTML
//! report and in documents) and PNG (slides, e-mail).
//!
//! Drawn with plotters. Text is laid out with DejaVu Sans embedded in the
//! binary, so charts look the same on a headless server with no fonts
//! installed; the SVG files name the generic `sans-serif` family, which every
//! viewer has. Rendering is deterministic: the same results give the same
//! bytes.

mod run;
mod staffing;
mod style;

use std::io;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::prelude::*;

use super::write_atomically;

pub use run::run_charts;
pub use staffing::{PlannedInterval, staffing_chart};

/// The charts' folder inside an output directory.
pub const CHARTS_DIR: &str = "charts";
/// Size of every chart in pixels (SVG user units).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 700;

/// What drawing on either backend can fail with.
type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// One chart: where it goes, what it is called, how it is drawn.
pub trait Chart {
    /// File name without extension, e.g. `service_level`.
    fn file_stem(&self) -> &'static str;
    /// The chart's title, as drawn on it.
    fn title(&self) -> String;
    /// Draws the whole chart on `root` (which is `WIDTH` x `HEIGHT`).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// A chart drawn in both formats.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub file_stem: &'static str,
    pub title: String,
    /// The SVG document.
    pub svg: String,
    /// The PNG file's bytes.
    pub png: Vec<u8>,
}

/// Draws `chart` as SVG and as PNG.
pub fn render(chart: &impl Chart) -> io::Result<Rendered> {
    style::register_fonts()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        chart.draw(&root).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    let mut rgb = vec![0_u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        chart.draw(&root).map_err(drawing_error)?;
        root.present().map_err(drawing_error)?;
    }
    Ok(Rendered {
        file_stem: chart.file_stem(),
        title: chart.title(),
        svg,
        png: encode_png(&rgb)?,
    })
}

/// Writes each chart as `<stem>.svg` and `<stem>.png` into `dir/charts/`
/// (created if needed) and returns the paths written.
pub fn write_charts(dir: &Path, charts: &[Rendered]) -> io::Result<Vec<PathBuf>> {
    let folder = dir.join(CHARTS_DIR);
    std::fs::create_dir_all(&folder)?;
    let mut written = Vec::with_capacity(2 * charts.len());
    for chart in charts {
        let svg = folder.join(format!("{}.svg", chart.file_stem));
        written.push(write_atomically(&svg, |w| {
            w.write_all(chart.svg.as_bytes())
        })?);
        let png = folder.join(format!("{}.png", chart.file_stem));
        written.push(write_atomically(&png, |w| w.write_all(&chart.png))?);
    }
    Ok(written)
}

/// The file stems [`run_charts`] draws.
pub const RUN_CHARTS: &[&str] = &["wait_histogram", "service_level", "queue", "agent_states"];

/// Removes the SVG and PNG files of the charts named `stems` from `folder`,
/// if there.
pub fn remove_charts(folder: &Path, stems: &[&str]) -> io::Result<()> {
    for stem in stems {
        for ext in ["svg", "png"] {
            let path = folder.join(format!("{stem}.{ext}"));
            if path.exists() {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

fn drawing_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> io::Error {
    io::Error::other(format!("cannot draw chart: {e}"))
}

/// Encodes an RGB buffer of `WIDTH` x `HEIGHT` as an 8-bit PNG.
fn encode_png(rgb: &[u8]) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(io::Error::other)?;
        writer.write_image_data(rgb).map_err(io::Error::other)?;
        writer.finish().map_err(io::Error::other)?;
    }
    Ok(bytes)
}
