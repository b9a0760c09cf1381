// jixiao page: uploads go to the local server's API; nothing leaves this computer.
"use strict";

// The extensions the readers know, as the server put them on the page.
const EXTENSIONS = (document.body.dataset.extensions || "xlsx,xls,ods,txt,json").split(",");
const KNOWN = new RegExp("\\.(" + EXTENSIONS.join("|") + ")$", "i");
const $ = (id) => document.getElementById(id);

/** An element with text (never HTML) and attributes. */
function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function setStatus(id, text, isError) {
  const s = $(id);
  s.textContent = text;
  s.classList.toggle("error", !!isError);
}

/** The file name of a download, from Content-Disposition's filename*. */
function fileName(resp, fallback) {
  const cd = resp.headers.get("Content-Disposition") || "";
  const m = cd.match(/filename\*=UTF-8''([^;]+)/);
  return m ? decodeURIComponent(m[1]) : fallback;
}

function saveBlob(blob, name) {
  const a = el("a", null, { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 10000);
}

/** The server's Chinese error message for a failed answer. */
async function errorOf(resp) {
  try { return (await resp.json()).error || resp.statusText; } catch (e) { return resp.status + " " + resp.statusText; }
}

function formData(files) {
  const fd = new FormData();
  for (const f of files) fd.append("file", f, f.name);
  return fd;
}

/** Files in a drop, folders walked. */
async function droppedFiles(dt) {
  const out = [];
  const walk = (entry) => new Promise((resolve) => {
    if (entry.isFile) {
      entry.file((f) => { out.push(f); resolve(); }, () => resolve());
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      const all = [];
      const more = () => reader.readEntries(async (batch) => {
        if (batch.length === 0) { for (const e of all) await walk(e); resolve(); }
        else { all.push(...batch); more(); }
      }, () => resolve());
      more();
    } else resolve();
  });
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (entries.length === 0) return [...dt.files];
  for (const e of entries) await walk(e);
  return out;
}

// ---- 查看与转换 ----

let current = [];

async function inspect(files) {
  files = files.filter((f) => KNOWN.test(f.name) && !f.name.startsWith("~$") && !f.name.startsWith("."));
  if (files.length === 0) { setStatus("view-status", "没有可以读取的文件（" + EXTENSIONS.map((e) => "." + e).join(" ") + "）", true); return; }
  current = files;
  $("results").replaceChildren();
  $("all-downloads").hidden = true;
  setStatus("view-status", `正在读取 ${files.length} 个文件……`);
  const resp = await fetch("/api/inspect", { method: "POST", body: formData(files) });
  if (!resp.ok) { setStatus("view-status", "读取失败：" + await errorOf(resp), true); return; }
  const report = await resp.json();
  let forms = 0, problems = 0;
  report.files.forEach((r, i) => {
    $("results").appendChild(fileCard(r, files[i]));
    forms += (r.forms || []).length;
    for (const f of r.forms || []) problems += f.findings.filter((x) => x.severity !== "note").length;
  });
  setStatus("view-status", `读取了 ${files.length} 个文件，共 ${forms} 张表；检查发现 ${problems} 处错误或警告。`);
  $("all-downloads").hidden = false;
}

function fileCard(r, file) {
  const card = el("div", null, { class: "file" });
  const h = el("h3");
  h.appendChild(el("span", r.file, { class: "name" }));
  if (!r.error) {
    for (const to of ["xlsx", "pdf", "json"]) {
      const b = el("button", "下载 " + to.toUpperCase(), { type: "button", class: "secondary", "data-to": to });
      b.addEventListener("click", () => convert([file], to, b));
      h.appendChild(b);
    }
  }
  card.appendChild(h);
  const body = el("div", null, { class: "body" });
  card.appendChild(body);
  if (r.error) { body.appendChild(el("p", "无法读取：" + r.error, { class: "error" })); return card; }
  const t = el("table", null, { class: "forms" });
  const head = el("tr");
  for (const c of ["序号", "项目名称", "表类型", "单位", "指标数", "检查结果"]) head.appendChild(el("th", c));
  t.appendChild(head);
  for (const f of r.forms) {
    const tr = el("tr");
    tr.appendChild(el("td", String(f.form)));
    tr.appendChild(el("td", f.project_name || "（无项目名称）", { class: "project" }));
    tr.appendChild(el("td", f.kind_label + (f.year ? `（${f.year}）` : "")));
    tr.appendChild(el("td", f.units.join("；")));
    tr.appendChild(el("td", String(f.indicators)));
    const n = f.findings.length;
    const worst = ["error", "warning", "note"].find((s) => f.findings.some((x) => x.severity === s));
    tr.appendChild(el("td", n === 0 ? "无问题" : `${n} 处`, { class: n === 0 ? "ok" : "sev-" + worst }));
    t.appendChild(tr);
  }
  body.appendChild(t);
  const findings = r.forms.flatMap((f) => f.findings.map((x) => ({ ...x, project: f.project_name })));
  if (findings.length > 0) body.appendChild(findingsTable(findings));
  for (const w of [...r.errors, ...r.warnings].slice(0, 20)) body.appendChild(el("p", "读取提示：" + w, { class: "hint" }));
  if (r.html) {
    const d = el("details", null, { open: "" });
    d.appendChild(el("summary", "正式表格（" + r.forms.length + " 张）"));
    const frame = el("iframe", null, { class: "sheet", sandbox: "allow-same-origin", title: r.file });
    frame.srcdoc = r.html;
    frame.addEventListener("load", () => {
      const doc = frame.contentDocument;
      if (doc && doc.body) frame.style.height = Math.min(doc.documentElement.scrollHeight + 20, 4000) + "px";
    });
    d.appendChild(frame);
    body.appendChild(d);
  }
  return card;
}

function findingsTable(findings) {
  const t = el("table", null, { class: "findings" });
  const head = el("tr");
  for (const c of ["表", "项目名称", "严重程度", "位置", "字段", "说明"]) head.appendChild(el("th", c));
  t.appendChild(head);
  for (const x of findings) {
    const tr = el("tr");
    tr.appendChild(el("td", String(x.form)));
    tr.appendChild(el("td", x.project || ""));
    tr.appendChild(el("td", x.severity_label, { class: "sev-" + x.severity }));
    tr.appendChild(el("td", x.place || ""));
    tr.appendChild(el("td", x.field_label || x.field));
    tr.appendChild(el("td", x.message));
    t.appendChild(tr);
  }
  return t;
}

async function convert(files, to, button) {
  if (button) button.disabled = true;
  try {
    const resp = await fetch("/api/convert?to=" + encodeURIComponent(to), { method: "POST", body: formData(files) });
    if (!resp.ok) { setStatus("view-status", "转换失败：" + await errorOf(resp), true); return; }
    saveBlob(await resp.blob(), fileName(resp, "jixiao." + to));
  } finally {
    if (button) button.disabled = false;
  }
}

$("files").addEventListener("change", (e) => inspect([...e.target.files]));
$("folder").addEventListener("change", (e) => inspect([...e.target.files]));
document.querySelector("[data-all]").addEventListener("click", (e) => convert(current, e.target.dataset.all, e.target));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  inspect(await droppedFiles(e.dataTransfer));
});

// ---- 批量填表 ----

$("master").addEventListener("change", (e) => {
  $("master-name").textContent = e.target.files[0] ? e.target.files[0].name : "未选择文件";
});

function showFill(fraction, text) {
  $("fill-progress").hidden = false;
  $("fill-bar").value = Math.round(fraction * 100);
  $("fill-text").textContent = text;
  $("fill-text").classList.remove("error");
}

/** Uploads with progress (fetch cannot report upload progress). */
function upload(url, body, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new Error("连接失败"));
    xhr.send(body);
  });
}

$("fill-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const file = $("master").files[0];
  if (!file) { showFill(0, "请先选择总表"); $("fill-text").classList.add("error"); return; }
  const to = [...document.querySelectorAll("#fill-form input[name=to]:checked")].map((c) => c.value).join(",") || "xlsx";
  const params = new URLSearchParams({ to });
  if ($("recompute").checked) params.set("recompute", "1");
  $("fill-go").disabled = true;
  try {
    const xhr = await upload("/api/jobs/fill?" + params, formData([file]), (p) => showFill(p * 0.1, `正在上传…… ${Math.round(p * 100)}%`));
    let answer;
    try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = { error: xhr.statusText }; }
    if (xhr.status !== 200) throw new Error(answer.error);
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      const s = await fetch("/api/jobs/" + answer.id);
      if (!s.ok) throw new Error(await errorOf(s));
      const st = await s.json();
      if (st.total > 0) showFill(0.1 + 0.9 * st.done / st.total, `正在填表：${st.done} / ${st.total}`);
      if (st.finished) {
        if (st.error) throw new Error(st.error);
        const r = await fetch(`/api/jobs/${answer.id}/result`);
        if (!r.ok) throw new Error(await errorOf(r));
        saveBlob(await r.blob(), fileName(r, "填好的表.zip"));
        showFill(1, `完成：${st.total} 个项目，已下载 ZIP`);
        break;
      }
    }
  } catch (err) {
    showFill(0, "填表失败：" + err.message);
    $("fill-text").classList.add("error");
  } finally {
    $("fill-go").disabled = false;
  }
});

// ---- 汇总 ----

let collectFiles = [];
for (const id of ["collect-files", "collect-folder"]) {
  $(id).addEventListener("change", (e) => {
    collectFiles = [...e.target.files].filter((f) => KNOWN.test(f.name));
    $("collect-name").textContent = `已选择 ${collectFiles.length} 个文件`;
  });
}
$("collect-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (collectFiles.length === 0) { setStatus("collect-status", "请先选择文件", true); return; }
  $("collect-go").disabled = true;
  setStatus("collect-status", `正在汇总 ${collectFiles.length} 个文件……`);
  try {
    const resp = await fetch("/api/collect", { method: "POST", body: formData(collectFiles) });
    if (!resp.ok) { setStatus("collect-status", "汇总失败：" + await errorOf(resp), true); return; }
    saveBlob(await resp.blob(), fileName(resp, "汇总.xlsx"));
    setStatus("collect-status", "完成，已下载汇总表。");
  } finally {
    $("collect-go").disabled = false;
  }
});
