# The operations console on a real host, as an administrator sees it in Chromium: computed variables by their Chinese
# labels with the step that computes them, form fields with the step that asks for them; and the starts it refuses
# (a computed variable or a field no form declares). Three instances in a row. Usage: start the host as for walk.py, then
#   /usr/bin/python3 bench/realhost/console.py /tmp/rh.log
import json, re, sys, urllib.request, urllib.error, urllib.parse
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
B = "http://127.0.0.1:5080"
pw = dict(re.findall(r"==> Demo user (\S+) \([^)]*\): (\S+)", open(sys.argv[1]).read())); pw["admin"] = "Choose-A-Long-Passw0rd-2026"
def token(u):
    r = urllib.request.Request(B + "/api/auth/login", data=json.dumps({"userName": u, "password": pw[u]}).encode(), headers={"content-type": "application/json"})
    return json.load(urllib.request.urlopen(r))["accessToken"]
unit = token("jsj-anquan")
def start(variables):
    r = urllib.request.Request(B + "/api/instances", method="POST", data=json.dumps({"definitionKey": "website-go-live", "variables": variables}).encode(), headers={"Authorization": "Bearer " + unit, "content-type": "application/json"})
    try:
        with urllib.request.urlopen(r) as resp: return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read())
form = {"unitCode": "jsj", "unitName": "计算机与人工智能学院", "responsibleLeader": "王院长", "leaderPhone": "0371-61910001", "siteLanguage": "Java", "runtime": "Tomcat 9", "mainColumns": "新闻", "serverLocation": "校园网络机房", "buildMethod": "site-cluster", "adminName": "张管理", "adminPhone": "0371-61910009", "adminEmail": "webmaster@jsj.zzut.edu.cn", "adminMobile": "13800000000", "applicationDate": "2026-11-30", "responsibilityLetterSigned": True}
for extra in [{"websiteId": "00000000-0000-0000-0000-000000000001"}, {"approvedByHead": True}]:
    st, problem = start({**form, "domain": "x.jsj.zzut.edu.cn", **extra})
    assert st == 400 and list(problem["errors"]) == list(extra), (st, problem)
    print("start carrying %s: %d naming %s" % (list(extra)[0], st, list(problem["errors"])))
o = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=zh-CN"]: o.add_argument(a)
o.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(options=o, service=__import__("selenium.webdriver.chrome.service", fromlist=["Service"]).Service("/usr/bin/chromedriver")); w = WebDriverWait(d, 30)
d.get(B + "/login?returnUrl=/admin"); w.until(lambda x: x.find_element(By.ID, "userName"))
d.find_element(By.ID, "userName").send_keys("admin"); d.find_element(By.ID, "password").send_keys(pw["admin"]); d.find_element(By.ID, "submit").click()
w.until(lambda x: "/login" not in x.current_url)
for i in range(3):
    st, inst = start({**form, "domain": "c%d.jsj.zzut.edu.cn" % i}); assert st == 201, inst
    d.get(B + "/admin/instances/" + inst["id"])
    w.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "#variables tr[data-name='websiteId']")) == 1)
    cells = lambda n: [c.get_attribute("textContent").strip() for c in d.find_elements(By.CSS_SELECTOR, "#variables tr[data-name='%s'] td" % n)]
    site, domain = cells("websiteId"), cells("domain")
    bare = [r.get_attribute("data-name") for r in d.find_elements(By.CSS_SELECTOR, "#variables tr[data-name]") if cells(r.get_attribute("data-name"))[0] == r.get_attribute("data-name")]
    assert site[0] == "网站" and site[1] == "c%d.jsj.zzut.edu.cn" % i and site[2].startswith("计算："), site
    assert domain[2].startswith("填写："), domain
    assert not bare, bare
    print("instance %d: websiteId → %s | domain → %s | variables shown by bare name: %s" % (i + 1, " / ".join(site), " / ".join(domain), bare))
d.quit()
