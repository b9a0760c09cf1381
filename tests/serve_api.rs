//! `jixiao serve`, run as the binary on a free port and spoken to over raw
//! HTTP/1.1 (no client library, so the test sees exactly what goes over the
//! wire): answers are read back with the JSON and workbook readers, uploads
//! never become paths, and nothing is left in the server's temporary folder.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::SAMPLES;

/// A running server, killed on drop.
struct Server {
    child: Child,
    addr: String,
    tmp: tempfile::TempDir,
    cwd: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let cwd = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(cwd.path().join("a/b")).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(cwd.path().join("a/b"))
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server {
            child,
            addr,
            tmp,
            cwd,
        }
    }

    /// Peak resident memory of the server process, in bytes.
    fn peak_rss(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        let kb: u64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
        kb * 1024
    }

    /// Every file left under the server's temporary folder and working folder.
    fn leftovers(&self) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for root in [self.tmp.path(), self.cwd.path()] {
            let mut stack = vec![root.to_path_buf()];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(&d).unwrap() {
                    let p = e.unwrap().path();
                    match p.is_dir() {
                        true => stack.push(p),
                        false => out.push(p),
                    }
                }
            }
        }
        out
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
struct Answer {
    status: u16,
    headers: String,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

const BOUNDARY: &str = "----jixiao-test-boundary";

/// A multipart body with one `file` part per (name, bytes).
fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

fn parse_answer(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header");
    let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = headers.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..end]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[end + 2..end + 2 + n]);
        b = &b[end + 2 + n + 2..];
    }
}

fn request(addr: &str, method: &str, path: &str, body: Option<&[u8]>) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(b) = body {
        head += &format!(
            "Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n",
            b.len()
        );
    }
    s.write_all(format!("{head}\r\n").as_bytes()).unwrap();
    if let Some(b) = body {
        s.write_all(b).unwrap();
    }
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    parse_answer(&raw)
}

fn post(addr: &str, path: &str, files: &[(&str, &[u8])]) -> Answer {
    request(addr, "POST", path, Some(&multipart(files)))
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("samples/{name}.txt")).unwrap()
}

/// The project names in a forms JSON answer.
fn project_names(v: &serde_json::Value) -> Vec<String> {
    v["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["project_name"].as_str().unwrap_or("").to_string())
        .collect()
}

fn golden_names(name: &str) -> Vec<String> {
    common::golden_doc(name)
        .forms
        .iter()
        .map(|f| f.project_name().unwrap_or("").to_string())
        .collect()
}

#[test]
fn convert_answers_json_xlsx_and_zip_that_read_back() {
    let server = Server::start(&[]);
    let name = "selfeval-jiading-2024";
    let a = post(
        &server.addr,
        "/api/convert?to=json",
        &[(&format!("{name}.txt"), &sample(name))],
    );
    assert_eq!(a.status, 200);
    // The same bytes `jixiao convert` writes.
    let cli = common::jixiao(&["convert", &format!("samples/{name}.txt"), "-o", "-"]);
    assert!(cli.status.success());
    assert_eq!(
        String::from_utf8(a.body).unwrap(),
        String::from_utf8(cli.stdout).unwrap()
    );

    let a = post(
        &server.addr,
        "/api/convert?to=xlsx",
        &[("表.txt", &sample(name))],
    );
    assert_eq!(a.status, 200);
    assert!(
        a.headers.contains("filename*=UTF-8''%E8%A1%A8.xlsx"),
        "{}",
        a.headers
    );
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("answer.xlsx");
    std::fs::write(&xlsx, &a.body).unwrap();
    let back = jixiao::read::read_path(&xlsx, None).unwrap().document.forms;
    let want: Vec<_> = common::golden_doc(name)
        .forms
        .into_iter()
        .map(common::on_paper)
        .collect();
    common::assert_same_forms(&back, &want, "XLSX answer read back");

    // Two files, two formats: a ZIP of four.
    let files: Vec<(String, Vec<u8>)> = SAMPLES[..2]
        .iter()
        .map(|n| (format!("{n}.txt"), sample(n)))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let a = post(&server.addr, "/api/convert?to=pdf,html", &refs);
    assert_eq!(a.status, 200);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(a.body)).unwrap();
    let mut names: Vec<String> = z.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "selfeval-jiading-2024.html",
            "selfeval-jiading-2024.pdf",
            "selfeval-jiading-hrss-2024.html",
            "selfeval-jiading-hrss-2024.pdf",
        ]
    );
    let mut pdf = Vec::new();
    z.by_name("selfeval-jiading-2024.pdf")
        .unwrap()
        .read_to_end(&mut pdf)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    let a = post(
        &server.addr,
        "/api/convert?to=docx",
        &[("a.txt", &sample(name))],
    );
    assert_eq!(a.status, 400);
    assert!(a.json()["error"].as_str().unwrap().contains("不支持的格式"));
    let a = post(
        &server.addr,
        "/api/convert?to=json",
        &[("a.txt", b"no form here at all\n")],
    );
    assert_eq!(a.status, 422);
    assert!(a.json()["error"].as_str().unwrap().starts_with("a.txt: "));
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn check_reports_findings_with_places() {
    let server = Server::start(&[]);
    let name = "selfeval-jiading-hrss-2024";
    let a = post(
        &server.addr,
        "/api/check",
        &[(&format!("{name}.txt"), &sample(name))],
    );
    assert_eq!(a.status, 200);
    let v = a.json();
    let form2 = &v["files"][0]["forms"][1];
    assert_eq!(form2["project_name"], "国有企业退休人员社会化管理补助资金");
    assert_eq!(form2["kind_label"], "自评表");
    let weight = form2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "total.weight")
        .expect("the weight slip is found");
    assert_eq!(weight["severity"], "error");
    let place = weight["place"].as_str().unwrap();
    assert!(
        place.starts_with("第 ") && place.ends_with(" 行"),
        "{place}"
    );
}

#[test]
fn twenty_concurrent_uploads_each_get_their_own_answer() {
    let server = Server::start(&[]);
    let addr = server.addr.clone();
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let name = SAMPLES[i % SAMPLES.len()];
                let a = post(
                    &addr,
                    "/api/convert?to=json",
                    &[(&format!("{i}.txt"), &sample(name))],
                );
                assert_eq!(a.status, 200, "upload {i}");
                assert!(
                    a.headers.contains(&format!("filename=\"{i}.json\"")),
                    "upload {i}"
                );
                assert_eq!(
                    project_names(&a.json()),
                    golden_names(name),
                    "upload {i} ({name})"
                );
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

/// Sends `total` bytes of multipart body chunked (no length given), reading
/// the answer while sending; returns the answer.
fn stream_upload(addr: &str, total: usize) -> Answer {
    let mut s = TcpStream::connect(addr).unwrap();
    let head = format!(
        "POST /api/convert?to=json HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut writer = s.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let start = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        );
        let chunk = vec![b'x'; 1 << 20];
        let mut send = |b: &[u8]| {
            writer
                .write_all(format!("{:x}\r\n", b.len()).as_bytes())
                .and_then(|_| writer.write_all(b))
                .and_then(|_| writer.write_all(b"\r\n"))
        };
        let mut sent = 0;
        let ok = send(start.as_bytes()).is_ok();
        while ok && sent < total {
            if send(&chunk).is_err() {
                break; // The server answered and closed: what we want.
            }
            sent += chunk.len();
        }
        sent
    });
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let sent = sender.join().unwrap();
    assert!(
        sent < total,
        "the server read all {total} bytes instead of stopping at its limit"
    );
    parse_answer(&raw)
}

#[test]
fn a_300_mb_upload_gets_413_without_the_memory_growing_past_the_limit() {
    let server = Server::start(&["--max-upload", "20MB"]);
    // A declared length over the limit is refused before any body is read.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        server.addr,
        300u64 << 20
    );
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let a = parse_answer(&raw);
    assert_eq!(a.status, 413);
    assert!(a.json()["error"].as_str().unwrap().contains("太大"));

    // A streamed body with no declared length is cut off at the limit, with
    // a small limit and with the default (100 MB).
    for (server, limit) in [(server, 20u64 << 20), (Server::start(&[]), 100 << 20)] {
        let before = server.peak_rss();
        let a = stream_upload(&server.addr, 300 << 20);
        assert_eq!(a.status, 413);
        let after = server.peak_rss();
        eprintln!(
            "limit {} MB: server peak RSS {} MB before, {} MB after the 300 MB upload",
            limit >> 20,
            before >> 20,
            after >> 20
        );
        // At most the limit, plus bytes in flight and the allocator's slack;
        // holding the whole upload would be 300 MB.
        assert!(
            after < before + limit + (40 << 20),
            "peak RSS grew from {before} to {after}"
        );
        // The server still answers.
        let a = post(
            &server.addr,
            "/api/check",
            &[("a.txt", &sample(SAMPLES[0]))],
        );
        assert_eq!(a.status, 200);
    }
}

#[test]
fn an_upload_named_with_dot_dots_writes_nothing_anywhere() {
    let server = Server::start(&[]);
    let body = sample(SAMPLES[0]);
    for name in ["../../x.txt", "..\\..\\x.txt", "/etc/x.txt", "../.."] {
        for path in [
            "/api/convert?to=json",
            "/api/check",
            "/api/inspect",
            "/api/collect",
        ] {
            let a = post(&server.addr, path, &[(name, &body)]);
            assert_eq!(
                a.status,
                200,
                "{path} {name}: {}",
                String::from_utf8_lossy(&a.body)
            );
            assert!(!a.headers.contains(".."), "{path} {name}: {}", a.headers);
        }
    }
    let a = post(&server.addr, "/api/check", &[("../../x.txt", &body)]);
    assert_eq!(a.json()["files"][0]["file"], "x.txt");
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
    for dir in [
        server.cwd.path(),
        server.cwd.path().join("a").as_path(),
        Path::new("/etc"),
        Path::new("/tmp"),
    ] {
        assert!(!dir.join("x.txt").exists(), "{}", dir.display());
    }
}

#[test]
fn fill_collect_and_templates_answer_files() {
    let server = Server::start(&[]);
    let files: Vec<(String, Vec<u8>)> = SAMPLES
        .iter()
        .map(|n| (format!("{n}.txt"), sample(n)))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let a = post(&server.addr, "/api/collect", &refs);
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let dir = tempfile::tempdir().unwrap();
    let master = dir.path().join("汇总.xlsx");
    std::fs::write(&master, &a.body).unwrap();
    let read = jixiao::bulk::master::read_master(&master).unwrap();
    let all = common::golden_forms();
    assert_eq!(read.master.forms.len(), all.len());

    // The collected master filled back: one XLSX per project.
    let a = post(
        &server.addr,
        "/api/fill?to=xlsx,json",
        &[("汇总.xlsx", &a.body)],
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let z = zip::ZipArchive::new(std::io::Cursor::new(a.body)).unwrap();
    let xlsx = z
        .file_names()
        .filter(|n| n.as_ref().unwrap().ends_with(".xlsx"))
        .count();
    assert_eq!(xlsx, all.len());

    // The same through a progress job.
    let master_bytes = std::fs::read(&master).unwrap();
    let a = post(
        &server.addr,
        "/api/jobs/fill?to=xlsx",
        &[("m.xlsx", &master_bytes)],
    );
    assert_eq!(a.status, 200);
    let id = a.json()["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32);
    let status = loop {
        let s = request(&server.addr, "GET", &format!("/api/jobs/{id}"), None).json();
        if s["finished"] == true {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(status["done"], all.len());
    assert_eq!(status["total"], all.len());
    let r = request(&server.addr, "GET", &format!("/api/jobs/{id}/result"), None);
    assert_eq!(r.status, 200);
    assert_eq!(
        zip::ZipArchive::new(std::io::Cursor::new(r.body))
            .unwrap()
            .len(),
        all.len()
    );
    // A result is handed over once; other ids are unknown.
    assert_eq!(
        request(&server.addr, "GET", &format!("/api/jobs/{id}/result"), None).status,
        404
    );
    assert_eq!(
        request(&server.addr, "GET", "/api/jobs/0123", None).status,
        404
    );

    for kind in ["self-evaluation", "target-declaration", "target-table"] {
        let t = request(
            &server.addr,
            "GET",
            &format!("/api/template/{kind}.xlsx"),
            None,
        );
        assert_eq!(t.status, 200);
        let path = dir.path().join(format!("{kind}.xlsx"));
        std::fs::write(&path, &t.body).unwrap();
        let forms = jixiao::read::read_path(&path, None).unwrap().document.forms;
        assert_eq!(forms[0].kind().as_str().replace('_', "-"), kind);
    }
    let t = request(&server.addr, "GET", "/api/template/master.xlsx", None);
    assert_eq!(t.status, 200);
    assert_eq!(
        request(&server.addr, "GET", "/api/template/x.xlsx", None).status,
        400
    );
    // Another name for the server (DNS rebinding) is refused.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: evil.example:80\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    assert_eq!(parse_answer(&raw).status, 421);
    let page = request(&server.addr, "GET", "/", None);
    let page = String::from_utf8(page.body).unwrap();
    assert!(page.contains("批量填表"));
    // The file pickers offer every format the readers know, from their list.
    assert!(!page.contains("{{"), "a placeholder left on the page");
    for ext in jixiao::read::registry::extensions() {
        assert!(
            page.contains(&format!(".{ext},")) || page.contains(&format!(".{ext}\"")),
            "{ext}"
        );
    }
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
}

#[test]
fn a_request_that_outlives_the_time_limit_is_answered_503() {
    let server = Server::start(&["--timeout", "1"]);
    // A body that stops coming: the handler waits for it until the limit.
    let mut s = TcpStream::connect(&server.addr).unwrap();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 100000\r\n\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n",
        server.addr
    );
    s.write_all(head.as_bytes()).unwrap();
    let start = std::time::Instant::now();
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let a = parse_answer(&raw);
    assert_eq!(a.status, 503);
    assert!(a.json()["error"].as_str().unwrap().contains("超时"));
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    // Others are still served.
    let a = post(
        &server.addr,
        "/api/check",
        &[("a.txt", &sample(SAMPLES[0]))],
    );
    assert_eq!(a.status, 200);
}

/// `serve --labels FILE` reads uploads with the local vocabulary, as
/// `convert --labels` does.
#[test]
fn serve_reads_uploads_with_a_local_vocabulary() {
    let page = "<html><meta charset=\"utf-8\"><body><table>\
        <tr><td colspan=\"4\">项目支出绩效自评表</td></tr>\
        <tr><td>项目全称</td><td colspan=\"3\">档案数字化</td></tr>\
        <tr><td>三级指标</td><td>年度指标值</td><td>分值</td><td>得分</td></tr>\
        <tr><td>数字化档案</td><td>≥100万页</td><td>90</td><td>90</td></tr>\
        </table></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let labels = dir.path().join("local.toml");
    std::fs::write(&labels, "[fields]\nproject_name = [\"项目全称\"]\n").unwrap();
    let names = |server: &Server| {
        let a = post(
            &server.addr,
            "/api/convert?to=json",
            &[("local.html", page.as_bytes())],
        );
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        project_names(&a.json())
    };
    assert_eq!(names(&Server::start(&[])), [""]);
    let local = Server::start(&["--labels", labels.to_str().unwrap()]);
    assert_eq!(names(&local), ["档案数字化"]);
}

#[test]
fn an_old_word_document_without_a_known_name_is_read_as_one() {
    let server = Server::start(&[]);
    let doc = std::fs::read("tests/fixtures/target-table-putuo-2020.doc").unwrap();
    // A browser may send a name without an extension (a pasted file).
    let a = post(&server.addr, "/api/convert?to=json", &[("报告", &doc)]);
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(
        project_names(&v),
        golden_names("target-table-putuo-2020")[..1].to_vec()
    );
}

#[test]
fn a_sheet_saved_as_csv_is_read_as_one() {
    let server = Server::start(&[]);
    let csv = "财政项目支出绩效目标申报表,,\n项目名称,\"宣传费, 2024\",\n主管部门,某局,\n";
    let a = post(
        &server.addr,
        "/api/convert?to=json",
        &[("宣传费.csv", csv.as_bytes())],
    );
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
    let v: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
    assert_eq!(project_names(&v), ["宣传费, 2024"]);
}
