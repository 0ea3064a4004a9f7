//! The page, in a real browser (headless Chromium through chromedriver, as `browser.rs`):
//! a coordinator sees how a sheet was read and corrects it by selecting cells and choosing —
//! a sheet whose names detection takes from the wrong row, a replica with no grades and an
//! unknown label, a yearless template replica — takes the layout file it made to the command
//! line, which reads the same; keyboard use in a narrow window; and a re-plan from an uploaded
//! previous run, whose changes match the command line's.

use std::path::Path;
use std::time::Duration;

use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::browser::{driver, runtime, screenshot_path, session, text};
use crate::serve::Server;
use crate::support::{folder, run_in};
use crate::workbooks::{days, xlsx, SheetSpec, V};

const WAIT: Duration = Duration::from_secs(30);

/// A replica workbook (`tests/data/replicas/`), by its canonical path as the browser wants it.
fn replica(name: &str) -> String {
    std::fs::canonicalize(crate::support::data(&format!("replicas/{name}")))
        .expect("a replica")
        .display()
        .to_string()
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
}

async fn wait(c: &Client, css: &str) {
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("waited for {css}: {e}"));
}

/// Waits until the layout file shown holds `line`: the sheet has been read again and drawn.
async fn layout_holds(c: &Client, line: &str) {
    let xpath = format!("//pre[@id='layout-text'][contains(., '{line}')]");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("the layout never held {line}: {e}"));
}

/// Chooses an option of a select by clicking it open and clicking the option (two clicks).
async fn choose(c: &Client, select: &str, value: &str) {
    click(c, select).await;
    let list = c.find(Locator::Css(select)).await.expect(select);
    let xpath =
        format!(".//option[@value='{value}' or (not(@value) and normalize-space(.)='{value}')]");
    list.find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("{select} has no option {value}: {e}"))
        .click()
        .await
        .expect("an option chosen");
}

/// Drags across the sheet from one cell to another, as a mouse does (one drag).
async fn drag(c: &Client, from: (usize, usize), to: (usize, usize)) {
    let cell = |(r, col): (usize, usize)| format!("#sheet-grid td[data-r='{r}'][data-c='{col}']");
    let a = c.find(Locator::Css(&cell(from))).await.expect("first cell");
    let b = c.find(Locator::Css(&cell(to))).await.expect("last cell");
    let at = serde_json::to_value(&a).expect("an element");
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![at])
        .await
        .expect("scrolled");
    let moves = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: a,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: b,
            duration: Some(Duration::from_millis(200)),
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    if let Err(e) = c.perform_actions(moves).await {
        let rect = c
            .execute("const r = document.querySelector(\"#sheet-grid td[data-r='0'][data-c='1']\").getBoundingClientRect(); return [r.x, r.y, r.width, r.height, window.innerWidth, window.innerHeight];", vec![])
            .await;
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("drag-failed.png"), png).expect("saved");
        panic!("a drag: {e} {rect:?}");
    }
}

/// The rows (0-based) of the cells shown as `role`.
async fn rows_of(c: &Client, role: &str) -> Vec<u64> {
    let js = format!(
        "return [...document.querySelectorAll('#sheet-grid td.role-{role}')].map(td => Number(td.dataset.r));"
    );
    let v = c.execute(&js, vec![]).await.expect("the cells");
    let mut rows: Vec<u64> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// What the download link holds, fetched as the browser would save it.
async fn downloaded_layout(c: &Client) -> String {
    let v = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; fetch(document.getElementById('layout-download').href).then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .expect("the download");
    v.as_str().unwrap_or_default().to_string()
}

/// An element's text, shown or not (a closed `details` holds the doctors).
async fn content(c: &Client, id: &str) -> String {
    let js = format!("return document.getElementById('{id}').textContent;");
    let v = c.execute(&js, vec![]).await.expect("the text");
    v.as_str().unwrap_or_default().to_string()
}

async fn upload(c: &Client, url: &str, files: &[(&str, &str)]) {
    c.goto(url).await.expect("the page");
    for (input, path) in files {
        c.find(Locator::Id(input))
            .await
            .expect(input)
            .send_keys(path)
            .await
            .expect("a file chosen");
    }
    click(c, "#read").await;
    wait(c, "#upload-status.good, #upload-status.bad").await;
}

/// Twelve F1s across, their grades under them, and under those the consultant each works
/// with: names in two rows, and detection takes the later one.
fn two_name_rows() -> Vec<u8> {
    let docs = [
        "Amy Bell",
        "Ben Cole",
        "Cara Dunn",
        "Dev Ellis",
        "Eve Frost",
        "Finn Gale",
        "Gus Hart",
        "Hana Ives",
        "Ian Jole",
        "Jo Kerr",
        "Kit Lowe",
        "Lea Moss",
    ];
    let cons = [
        "Mr Hale",
        "Ms Irwin",
        "Dr Jarvis",
        "Mr Keel",
        "Ms Lamb",
        "Dr Mayo",
        "Mr Nash",
        "Ms Orr",
        "Dr Pike",
        "Mr Quill",
        "Ms Rudd",
        "Dr Sykes",
    ];
    let mut s = SheetSpec::new("Rota");
    s.row(0, 1, &docs);
    s.row(1, 1, &["F1"; 12]);
    s.row(2, 1, &cons);
    let pattern = ["LD", "LD", "OFF", "N", "N", "OFF", "SD"];
    let first = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    for (i, d) in days(first, 14).into_iter().enumerate() {
        let r = 3 + u32::try_from(i).unwrap();
        s.set(r, 0, V::D(d));
        let cells: Vec<&str> = (0..12).map(|j| pattern[(i + j) % 7]).collect();
        s.row(r, 1, &cells);
    }
    xlsx(&[s], false)
}

const SHIFTS: &[u8] =
    b"code,start,end,kind\nSD,08:00,16:30,day\nLD,08:00,20:30,long_day\nN,20:00,08:30,night\nOFF,,,rest\n";

/// The doctors `import` finds with this layout file, by id.
fn imported(dir: &Path, rota: &str, layout: &str, shifts: Option<&str>) -> Vec<String> {
    std::fs::write(dir.join("layout.toml"), layout).unwrap();
    let mut args = vec!["import", rota, "--layout", "layout.toml", "--out", "imp"];
    if let Some(s) = shifts {
        args.extend(["--shifts", s]);
    }
    let r = run_in(dir, &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let csv = std::fs::read_to_string(dir.join("imp/rota.csv")).unwrap();
    let mut ids: Vec<String> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_string))
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn a_coordinator_corrects_how_sheets_were_read_with_clicks() {
    let server = Server::start(&[]);
    let driver = driver();
    let dir = folder(&[("rota.xlsx", &two_name_rows()), ("shifts.csv", SHIFTS)]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let rt = runtime();
    rt.block_on(async {
        let c = session(&driver, 1280, 1400).await;

        // 1. Names in the wrong row: read without a word, wrongly; seen on the sheet; one drag
        //    and one click put it right.
        upload(
            &c,
            &server.url,
            &[
                ("rota", &path("rota.xlsx")),
                ("shifts", &path("shifts.csv")),
            ],
        )
        .await;
        wait(&c, "#sheet-box:not([hidden])").await;
        assert_eq!(
            rows_of(&c, "names").await,
            [2],
            "detection took the consultants' row"
        );
        assert_eq!(rows_of(&c, "grades").await, [1]);
        assert_eq!(rows_of(&c, "dates").await.len(), 14);
        let hover = c
            .find(Locator::Css("#sheet-grid td[data-r='2'][data-c='1']"))
            .await
            .unwrap()
            .attr("title")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(hover.contains("doctor: Mr Hale (mr-hale)"), "{hover}");
        let grid_hover = c
            .find(Locator::Css("#sheet-grid td[data-r='3'][data-c='1']"))
            .await
            .unwrap()
            .attr("title")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(
            grid_hover.contains("Mon 1 Jun 2026: LD 08:00-20:30, long_day"),
            "{grid_hover}"
        );
        drag(&c, (0, 1), (0, 12)).await;
        assert_eq!(
            c.find(Locator::Id("selection"))
                .await
                .unwrap()
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default(),
            "B1:M1"
        );
        click(&c, "[data-set='names']").await;
        layout_holds(&c, "names = \"B1:M1\"").await;
        wait(&c, "#upload-status.good").await;
        assert_eq!(rows_of(&c, "names").await, [0]);
        let doctors = content(&c, "doctors").await;
        assert!(
            doctors.contains("amy-bell") && !doctors.contains("mr-hale"),
            "{doctors}"
        );
        assert!(text(&c, "doctors-title")
            .await
            .starts_with("Doctors (12), 2026-06-01 to 2026-06-14"));
        let png = c
            .find(Locator::Id("sheet-box"))
            .await
            .unwrap()
            .screenshot()
            .await
            .expect("a screenshot");
        std::fs::write(screenshot_path("sheet-corrected.png"), png).expect("saved");
        // The layout file offered is the one shown, and the command line reads the same.
        let layout = downloaded_layout(&c).await;
        assert_eq!(layout, content(&c, "layout-text").await);
        let ids = imported(dir.path(), "rota.xlsx", &layout, Some("shifts.csv"));
        assert_eq!(ids.len(), 12);
        assert!(ids.contains(&"amy-bell".to_string()), "{ids:?}");
        // Next month: the same layout file with the upload reads right at once.
        upload(
            &c,
            &server.url,
            &[
                ("rota", &path("rota.xlsx")),
                ("shifts", &path("shifts.csv")),
                ("layout", &path("layout.toml")),
            ],
        )
        .await;
        wait(&c, "#upload-status.good").await;
        layout_holds(&c, "names = \"B1:M1\"").await;
        assert_eq!(rows_of(&c, "names").await, [0]);

        // 2. A replica with no grades and an induction day with no times: refused, each
        //    problem on the sheet; a grade chosen (2 clicks), the label's times typed and its
        //    kind chosen (2 clicks), used (1 click).
        upload(
            &c,
            &server.url,
            &[("rota", &replica("ae_doctors_across.xlsx"))],
        )
        .await;
        wait(&c, "#sheet-box:not([hidden])").await;
        assert!(text(&c, "upload-status").await.starts_with("not read"));
        assert!(
            !rows_of(&c, "names").await.is_empty(),
            "the names are shown where they were found"
        );
        choose(&c, "#layout-grade", "resident doctor").await;
        layout_holds(&c, "grade = \"resident doctor\"").await;
        wait(&c, "#unknown-box:not([hidden])").await;
        let unknown = content(&c, "unknown").await;
        assert!(unknown.contains("INDUCTION"), "{unknown}");
        assert!(
            !rows_of(&c, "unknown").await.is_empty(),
            "the unknown label's cells are marked"
        );
        c.execute(
            "document.getElementById('unknown-box').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("sheet-unknown.png"), png).expect("saved");
        let row = "#unknown tr[data-label='INDUCTION']";
        c.find(Locator::Css(&format!("{row} [data-field='start']")))
            .await
            .unwrap()
            .send_keys("09:00")
            .await
            .unwrap();
        c.find(Locator::Css(&format!("{row} [data-field='end']")))
            .await
            .unwrap()
            .send_keys("17:00")
            .await
            .unwrap();
        choose(&c, &format!("{row} [data-field='kind']"), "teaching").await;
        click(&c, "#use-labels").await;
        layout_holds(
            &c,
            "INDUCTION = { start = \"09:00\", end = \"17:00\", kind = \"teaching\" }",
        )
        .await;
        wait(&c, "#upload-status.good").await;
        let title = text(&c, "doctors-title").await;
        let layout = downloaded_layout(&c).await;
        let shown: usize = title
            .trim_start_matches("Doctors (")
            .split(')')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let ids = imported(
            dir.path(),
            &replica("ae_doctors_across.xlsx"),
            &layout,
            None,
        );
        assert_eq!(ids.len(), shown, "{title}");

        // 3. A yearless template: a grade (2 clicks) and the year (2 clicks).
        upload(
            &c,
            &server.url,
            &[("rota", &replica("urology_template_two_row_lines.xlsx"))],
        )
        .await;
        wait(&c, "#sheet-box:not([hidden])").await;
        choose(&c, "#layout-grade", "resident doctor").await;
        layout_holds(&c, "grade = \"resident doctor\"").await;
        choose(&c, "#year", "2018").await;
        layout_holds(&c, "year = 2018").await;
        wait(&c, "#upload-status.good").await;
        let title = text(&c, "doctors-title").await;
        assert!(title.contains("2018-12-"), "{title}");
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("sheet-template.png"), png).expect("saved");

        // 4. Three blocks a sheet each: the sheet chosen (2 clicks) and read as the rota (1
        //    click), a grade (2 clicks).
        let book = "surgery_template_assignment.xlsx";
        upload(&c, &server.url, &[("rota", &replica(book))]).await;
        wait(&c, "#sheet-box:not([hidden])").await;
        assert!(text(&c, "upload-status").await.starts_with("not read"));
        choose(&c, "#view-sheet", "Aug-Dec 2018").await;
        click(&c, "#set-sheet:not([hidden])").await;
        layout_holds(&c, "sheet = \"Aug-Dec 2018\"").await;
        choose(&c, "#layout-grade", "F1").await;
        layout_holds(&c, "grade = \"F1\"").await;
        wait(&c, "#upload-status.good").await;
        let title = text(&c, "doctors-title").await;
        let layout = downloaded_layout(&c).await;
        let ids = imported(dir.path(), &replica(book), &layout, None);
        assert!(
            title.starts_with(&format!("Doctors ({})", ids.len())),
            "{title}"
        );
        c.close().await.expect("closed");
    });
}

#[test]
fn the_sheet_is_corrected_from_the_keyboard_in_a_narrow_window() {
    let server = Server::start(&[]);
    let driver = driver();
    let dir = folder(&[("rota.xlsx", &two_name_rows()), ("shifts.csv", SHIFTS)]);
    let path = |n: &str| dir.path().join(n).display().to_string();
    let rt = runtime();
    rt.block_on(async {
        let c = session(&driver, 420, 900).await;
        upload(
            &c,
            &server.url,
            &[
                ("rota", &path("rota.xlsx")),
                ("shifts", &path("shifts.csv")),
            ],
        )
        .await;
        wait(&c, "#sheet-box:not([hidden])").await;
        // The cells typed, Enter; then Enter on the button.
        c.find(Locator::Id("selection"))
            .await
            .unwrap()
            .send_keys("B1:M1\u{E007}")
            .await
            .unwrap();
        let sel = text(&c, "selection-text").await;
        assert_eq!(sel, "12 cells selected");
        c.find(Locator::Css("[data-set='names']"))
            .await
            .unwrap()
            .send_keys("\u{E007}")
            .await
            .unwrap();
        layout_holds(&c, "names = \"B1:M1\"").await;
        wait(&c, "#upload-status.good").await;
        assert_eq!(rows_of(&c, "names").await, [0]);
        // Nothing wider than the window but the sheet itself, which scrolls.
        let wide = c
            .execute(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1;",
                vec![],
            )
            .await
            .unwrap();
        c.execute(
            "document.getElementById('sheet-box').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("sheet-narrow.png"), png).expect("saved");
        assert_eq!(
            wide,
            Value::Bool(true),
            "the page is wider than a narrow window"
        );
        c.close().await.expect("closed");
    });
}

#[test]
fn a_coordinator_replans_from_the_page() {
    use crate::replan::{placed, rota, schedule, setup, staggered, MEETINGS};
    use std::io::Write as _;
    // The previous run, from the command line, zipped as the page offers it.
    let dir = setup(MEETINGS);
    let v1 = rota(8, staggered);
    schedule(dir.path(), "rota.csv", &v1, "v1", None, &[]);
    let (date, ..) = placed(dir.path(), "v1")["teach@2026-W45"].clone();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for f in std::fs::read_dir(dir.path().join("v1")).unwrap().flatten() {
        if f.path().is_file() {
            z.start_file(
                f.file_name().to_string_lossy(),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(&std::fs::read(f.path()).unwrap()).unwrap();
        }
    }
    std::fs::write(
        dir.path().join("outputs.zip"),
        z.finish().unwrap().into_inner(),
    )
    .unwrap();
    // The day of the first teaching becomes annual leave for everyone: it must move.
    let v2 = rota(
        8,
        |d, day| if day == date { "AL" } else { staggered(d, day) },
    );
    std::fs::write(dir.path().join("rota2.csv"), &v2).unwrap();
    let cli = schedule(dir.path(), "rota2.csv", &v2, "v2", Some("v1"), &[]);
    assert!(cli.contains("1 meeting moved"), "{cli}");
    let server = Server::start(&[]);
    let driver = driver();
    let path = |n: &str| dir.path().join(n).display().to_string();
    let rt = runtime();
    let (changes, updates) = rt.block_on(async {
        let c = session(&driver, 1280, 1600).await;
        c.goto(&server.url).await.expect("the page");
        for (input, file) in [
            ("rota", "rota2.csv"),
            ("shifts", "shifts.csv"),
            ("meetings", "meetings.csv"),
            ("policy", "policy.toml"),
            ("previous", "outputs.zip"),
        ] {
            c.find(Locator::Id(input))
                .await
                .expect(input)
                .send_keys(&path(file))
                .await
                .expect("a file chosen");
        }
        click(&c, "#replan-box summary").await;
        c.find(Locator::Id("organizer"))
            .await
            .unwrap()
            .send_keys("Rota office <rota.office@example.nhs.uk>")
            .await
            .unwrap();
        click(&c, "#read").await;
        wait(&c, "#upload-status.good").await;
        click(&c, "#schedule").await;
        c.wait()
            .at_most(Duration::from_secs(90))
            .for_element(Locator::Css("#changes-box:not([hidden])"))
            .await
            .expect("the changes");
        wait(&c, "#changes tbody tr").await;
        let changes = text(&c, "changes").await;
        let updates = c
            .find_all(Locator::Css("#updates a.update"))
            .await
            .unwrap()
            .len();
        let png = c.screenshot().await.expect("a screenshot");
        std::fs::write(screenshot_path("replan.png"), png).expect("saved");
        c.close().await.expect("closed");
        (changes, updates)
    });
    // The page shows what the command line's changes.csv says.
    let cli_changes = crate::replan::changes(dir.path(), "v2");
    assert!(!cli_changes.is_empty());
    for ch in &cli_changes {
        assert!(
            changes.contains(&ch[0]) && changes.contains(&ch[1]),
            "{ch:?} not in {changes}"
        );
    }
    assert!(updates > 0, "calendar updates offered");
}
