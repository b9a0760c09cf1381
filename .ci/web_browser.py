#!/usr/bin/env python3
"""Drives `jixiao serve` in headless Chromium (selenium + Debian's chromedriver).

Usage: web_browser.py JIXIAO_BIN SHOT_DIR

Open the page, upload a bundled sample, see its project names and one official
table per form, download the XLSX and open it with openpyxl, run a master
workbook (made by `jixiao collect` of the samples' JSON) through 批量填表 and get
a ZIP of filled forms, run 汇总 and get the workbook. Screenshots of each step
go to SHOT_DIR. The server is killed at the end, whatever happens.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BIN = os.path.abspath(sys.argv[1])
SHOTS = os.path.abspath(sys.argv[2])
SAMPLE = os.path.abspath("samples/selfeval-jiading-hrss-2024.txt")
GOLDEN = "tests/golden/selfeval-jiading-hrss-2024.json"


def wait_file(folder, suffix, timeout=60):
    """The first finished download ending in suffix."""
    end = time.time() + timeout
    while time.time() < end:
        done = [f for f in os.listdir(folder) if f.endswith(suffix)]
        if done:
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {os.listdir(folder)}")


def choose(driver, element_id, paths):
    """File inputs sit hidden inside styled labels: shown for selenium to type
    the paths, hidden again so screenshots show the page as users see it."""
    script = "document.getElementById('%s').style.display='%s'"
    driver.execute_script(script % (element_id, "block"))
    driver.find_element(By.ID, element_id).send_keys(paths)
    driver.execute_script(script % (element_id, ""))


def main():
    os.makedirs(SHOTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="jixiao-web-")
    downloads = os.path.join(work, "downloads")
    os.makedirs(downloads)
    server = subprocess.Popen([BIN, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        url = line[line.index("http://"):].split()[0]
        print("server:", url)

        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--window-size=1280,1600",
                     "--user-data-dir=" + os.path.join(work, "profile")]:
            options.add_argument(flag)
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
        })
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
        wait = WebDriverWait(driver, 60)

        # 1. The page.
        driver.get(url)
        assert "绩效表格工具" in driver.title, driver.title
        driver.save_screenshot(os.path.join(SHOTS, "1-page.png"))

        # 2. Upload a sample: project names, kinds, findings and the official tables.
        choose(driver, "files", SAMPLE)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#results .file td.project"))
        with open(GOLDEN, encoding="utf-8") as f:
            golden = [form["project_name"] for form in json.load(f)["forms"]]
        shown = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#results td.project")]
        assert shown == golden, (shown, golden)
        findings = driver.find_elements(By.CSS_SELECTOR, "#results table.findings tr")
        assert any("总分·分值" in tr.text for tr in findings), "the weight slip is listed"
        status = driver.find_element(By.ID, "view-status").text
        assert "共 %d 张表" % len(golden) in status, status
        frame = driver.find_element(By.CSS_SELECTOR, "iframe.sheet")
        driver.switch_to.frame(frame)
        tables = driver.find_elements(By.CSS_SELECTOR, "table.jx")
        assert len(tables) == len(golden), len(tables)
        spans = driver.find_elements(By.CSS_SELECTOR, "table.jx td[rowspan], table.jx td[colspan]")
        assert len(spans) > 10 * len(golden), "merged cells are there"
        assert golden[0] in tables[0].text
        driver.switch_to.default_content()
        driver.execute_script("document.querySelector('#results .file').scrollIntoView()")
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(SHOTS, "2-forms.png"))
        driver.execute_script("arguments[0].scrollIntoView()", frame)
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(SHOTS, "3-table.png"))

        # 3. Download the XLSX and open it.
        driver.find_element(By.CSS_SELECTOR, "#results button[data-to=xlsx]").click()
        xlsx = wait_file(downloads, ".xlsx")
        book = openpyxl.load_workbook(xlsx)
        assert len(book.sheetnames) == len(golden), book.sheetnames
        cells = " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value)
        assert golden[0] in cells
        print("xlsx:", os.path.basename(xlsx), book.sheetnames)

        # 4. 批量填表: a master from `jixiao collect` of the samples' JSON.
        subprocess.run([BIN, "convert", *sorted(f"samples/{n}" for n in os.listdir("samples")),
                        "-o", os.path.join(work, "json") + "/"], check=True, capture_output=True)
        master = os.path.join(work, "master.xlsx")
        subprocess.run([BIN, "collect", os.path.join(work, "json"), "-o", master], check=True, capture_output=True)
        projects = openpyxl.load_workbook(master)["项目"].max_row - 1
        driver.execute_script("document.getElementById('fill').scrollIntoView()")
        choose(driver, "master", master)
        driver.find_element(By.ID, "fill-go").click()
        wait.until(lambda d: "完成" in d.find_element(By.ID, "fill-text").text
                   or "失败" in d.find_element(By.ID, "fill-text").text)
        text = driver.find_element(By.ID, "fill-text").text
        assert "完成" in text and str(projects) in text, text
        driver.execute_script("window.scrollTo(0, document.getElementById('fill').offsetTop - 380)")
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(SHOTS, "4-fill.png"))
        with zipfile.ZipFile(wait_file(downloads, ".zip")) as z:
            filled = [n for n in z.namelist() if n.endswith(".xlsx")]
        assert len(filled) == projects, (len(filled), projects)
        print("fill:", len(filled), "forms in the ZIP")

        # 5. 汇总: several files → master + 汇总表 + 检查.
        samples = sorted(os.path.abspath(f"samples/{n}") for n in os.listdir("samples"))
        choose(driver, "collect-files", "\n".join(samples))
        driver.find_element(By.ID, "collect-go").click()
        wait.until(lambda d: "完成" in d.find_element(By.ID, "collect-status").text
                   or "失败" in d.find_element(By.ID, "collect-status").text)
        summary = openpyxl.load_workbook(wait_file(downloads, "汇总.xlsx"))
        assert {"项目", "指标", "汇总表", "检查"} <= set(summary.sheetnames), summary.sheetnames
        driver.save_screenshot(os.path.join(SHOTS, "5-collect.png"))
        print("web: all steps passed; screenshots in", SHOTS)
    finally:
        if driver is not None:
            driver.quit()
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()
