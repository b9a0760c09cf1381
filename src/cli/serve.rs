//! `jixiao serve [--port 8080] [--open] [--listen ADDR] [--max-upload 100MB]`

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use jixiao::serve::{parse_size, run, ServeOptions};

use super::{vocabulary, CliError, Outcome};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Listen on this address (IP, or IP:PORT) instead of 127.0.0.1; other
    /// computers can then reach the page.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// Largest upload per request (e.g. 100MB, 20MB); larger ones get 413.
    #[arg(long, default_value = "100MB", value_name = "SIZE")]
    max_upload: String,
    /// Longest time one request may take, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    timeout: u64,
    /// Extra labels and headings to know (TOML, as templates/labels/default.toml).
    #[arg(long, value_name = "FILE.toml")]
    labels: Option<std::path::PathBuf>,
}

pub fn run_serve(args: ServeArgs) -> Result<Outcome, CliError> {
    let max_upload = parse_size(&args.max_upload).ok_or_else(|| {
        CliError::Usage(format!(
            "--max-upload {:?}：请写成 100MB 这样的大小",
            args.max_upload
        ))
    })?;
    let addr = match &args.listen {
        None => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port),
        Some(a) => {
            let addr = a
                .parse::<SocketAddr>()
                .or_else(|_| a.parse::<IpAddr>().map(|ip| SocketAddr::new(ip, args.port)))
                .map_err(|_| {
                    CliError::Usage(format!(
                        "--listen {a:?}：请写 IP 地址，如 0.0.0.0 或 192.168.1.5:8080"
                    ))
                })?;
            eprintln!(
                "jixiao: 警告：在 {addr} 上监听，同一网络里的其他电脑也能打开这个页面并上传文件"
            );
            addr
        }
    };
    let options = ServeOptions {
        max_upload,
        timeout: Duration::from_secs(args.timeout.max(1)),
        hosts: Vec::new(),
        vocab: std::sync::Arc::new(vocabulary(args.labels.as_deref())?.into_owned()),
    };
    let open = args.open;
    run(addr, options, |bound| {
        let host = match bound.ip().is_unspecified() {
            true => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), bound.port()),
            false => bound,
        };
        let url = format!("http://{host}/");
        println!("jixiao: 网页已启动：{url}  （按 Ctrl-C 停止）");
        if open {
            open_browser(&url);
        }
    })
    .map_err(|e| {
        CliError::Failed(format!(
            "无法在 {addr} 上监听：{e}（端口被占用？换一个 --listen 端口）"
        ))
    })?;
    Ok(Outcome::Clean)
}

/// Opens `url` with the system's opener; a failure is only a warning.
fn open_browser(url: &str) {
    let (cmd, pre): (&str, &[&str]) = if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else if cfg!(target_os = "macos") {
        ("open", &[])
    } else {
        ("xdg-open", &[])
    };
    if let Err(e) = std::process::Command::new(cmd).args(pre).arg(url).spawn() {
        eprintln!("jixiao: 警告：无法打开浏览器（{cmd}：{e}）；请自己在浏览器中打开 {url}");
    }
}
