# Drives a real host over HTTP and in headless Chromium (Debian's python3-selenium, chromium, chromium-driver):
# P1 with a hosted server through the experts and the called hosted-server-filing, refusals, a head signing a website
# filing on a narrow screen, and the administrator's pages without console errors. Usage:
#   ASPNETCORE_ENVIRONMENT=Development Bootstrap__AdminPassword='Choose-A-Long-Passw0rd-2026' Seed__DemoUsers=true \
#     dotnet run -c Release --project src/Host -- --Workflows:DataPath=/tmp/rh-data > /tmp/rh.log &
#   /usr/bin/python3 bench/realhost/walk.py /tmp/rh.log      (the demo users' passwords are read from the host's output)
import json, re, sys, time, urllib.request, urllib.error
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
B = "http://127.0.0.1:5080"
log = open(sys.argv[1]).read()
pw = dict(re.findall(r"==> Demo user (\S+) \([^)]*\): (\S+)", log)); pw["admin"] = "Choose-A-Long-Passw0rd-2026"
def login(u):
    r = urllib.request.Request(B + "/api/auth/login", data=json.dumps({"userName": u, "password": pw[u]}).encode(), headers={"content-type": "application/json"})
    return json.load(urllib.request.urlopen(r))["accessToken"]
tok = {u: login(u) for u in ["admin", "jsj-anquan", "jsj-fuzeren", "zhuanjia", "zhongxin", "lingdao", "bangongshi"]}
def call(u, m, p, body=None):
    r = urllib.request.Request(B + p, method=m, data=None if body is None else json.dumps(body).encode(), headers={"Authorization": "Bearer " + tok[u], "content-type": "application/json"})
    try:
        with urllib.request.urlopen(r) as resp: return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as e: return e.code, json.loads(e.read() or b"null")
def task(u, iid, el):
    st, ts = call(u, "GET", f"/api/tasks?instanceId={iid}&status=open")
    t = [x for x in ts if x["elementId"] == el]; assert t, (u, el, [x["elementId"] for x in ts]); return t[0]
def complete(u, iid, el, v):
    st, body = call(u, "POST", f"/api/tasks/{task(u, iid, el)['id']}/complete", {"variables": v}); assert st == 200, (el, st, body); return body
ok = []
# --- HTTP: P1 with a hosted server, the experts first, hosted-server-filing as a called instance ------------------
st, inst = call("jsj-anquan", "POST", "/api/instances", {"definitionKey": "system-grading-filing", "variables": {"unitCode": "jsj", "systemName": "实时渲染平台", "businessNeed": "GPU 渲染", "budget": 300000, "proposedLevel": 3, "gradingReport": "https://pan.zzut.edu.cn/s/r.pdf"}})
assert st == 201, inst; iid = inst["id"]
complete("jsj-fuzeren", iid, "Task_HeadApproval", {"decision": "approve", "headOpinion": "同意"})
complete("zhuanjia", iid, "Task_ExpertReview", {"decision": "approve", "expertOpinion": "同意"})
complete("zhongxin", iid, "Task_CenterGrading", {"suggestedLevel": 3, "gradingOpinion": "三级"})
complete("lingdao", iid, "Task_SecurityReview", {"decision": "approve", "approvedLevel": 3, "reviewOpinion": "同意"})
complete("bangongshi", iid, "Task_File", {"filingNumber": "41010099001-26009", "filingDate": "2026-11-30"})
complete("zhongxin", iid, "Task_Hosting", {"hostingType": "hosted-server"})
complete("zhuanjia", iid, "Task_HostingExperts", {"hostingDecision": "approve", "hostingExpertOpinion": "确需 GPU"})
st, body = call("jsj-anquan", "POST", f"/api/tasks/{task('jsj-anquan', iid, 'Task_HostedServerRequest')['id']}/complete", {"variables": {"unitCode": "wxy"}})
assert st == 400 and "unitCode" in body["errors"], body; ok.append("unit code not on the request form: 400 naming unitCode")
req = {"applicant": "李安全", "applicantContact": "13800000001", "serverConfiguration": "2×GPU", "securityDevices": "防火墙", "hostingFrom": "2026-12-01", "hostingTo": "2029-11-30", "purpose": "渲染", "securityOfficer": "王院长", "securityOfficerPhone": "0371-61910001", "systemAdministrator": "张管理", "systemAdministratorPhone": "0371-61910009", "responsibilityLetterSigned": True}
after = complete("jsj-anquan", iid, "Task_HostedServerRequest", req)
assert after["activeElementIds"] == ["Call_HostedServerFiling"], after["activeElementIds"]
st, parent = call("admin", "GET", f"/api/instances/{iid}"); child = parent["calledInstances"][0]["id"]
complete("jsj-fuzeren", child, "Task_HeadApproval", {"decision": "approve", "unitOpinion": "同意"})
complete("zhongxin", child, "Task_CenterReview", {"decision": "approve", "serverName": "xr-gpu-01", "ipAddress": "10.10.20.9", "handler": "李工", "centerResponsible": "张主任"})
st, parent = call("admin", "GET", f"/api/instances/{iid}")
assert parent["activeElementIds"] == ["Task_Build"], parent["activeElementIds"]
st, system = call("jsj-anquan", "GET", f"/api/systems/{parent['variables']['systemId']}")
assert (system["deployment"], system["address"]) == ("hosted-server", "10.10.20.9"), system
ok.append("P1 → experts → hosted-server-filing child → back to P1 at Task_Build; system deployment hosted-server 10.10.20.9")
# --- HTTP: bad input -------------------------------------------------------------------------------------------------
st, body = call("jsj-anquan", "POST", "/api/instances", {"definitionKey": "system-grading-filing", "variables": {"unitCode": "jsj", "systemName": "x", "businessNeed": "x", "budget": 1, "proposedLevel": 9, "gradingReport": "x", "approvedLevel": 1}})
assert st == 400 and {"proposedLevel", "approvedLevel"} <= set(body["errors"]), body; ok.append("start with proposedLevel 9 and approvedLevel: 400 naming both")
# --- Chromium: the head signs a website filing on a phone; the admin's pages ----------------------------------------
st, web = call("jsj-anquan", "POST", "/api/instances", {"definitionKey": "website-go-live", "variables": {"unitCode": "jsj", "unitName": "计算机与人工智能学院", "responsibleLeader": "王院长", "leaderPhone": "0371-61910001", "domain": "rh.jsj.zzut.edu.cn", "siteLanguage": "Java", "runtime": "Tomcat 9", "mainColumns": "新闻", "serverLocation": "校园网络机房", "buildMethod": "site-cluster", "adminName": "张管理", "adminPhone": "0371-61910009", "adminEmail": "webmaster@jsj.zzut.edu.cn", "adminMobile": "13800000000", "applicationDate": "2026-11-30", "responsibilityLetterSigned": True}})
assert st == 201, web
o = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=390,844", "--lang=zh-CN"]: o.add_argument(a)
o.set_capability("goog:loggingPrefs", {"browser": "ALL"}); o.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(options=o, service=__import__("selenium.webdriver.chrome.service", fromlist=["Service"]).Service("/usr/bin/chromedriver")); w = WebDriverWait(d, 30)
def signin(u, path):
    d.delete_all_cookies(); d.get(B + "/login?returnUrl=" + urllib.parse.quote(path))
    w.until(lambda x: x.find_element(By.ID, "userName")); d.find_element(By.ID, "userName").send_keys(u); d.find_element(By.ID, "password").send_keys(pw[u]); d.find_element(By.ID, "submit").click()
    w.until(lambda x: "/login" not in x.current_url)
import urllib.parse
signin("jsj-fuzeren", "/")
w.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "a[href^='/tasks/']")) > 0)
d.find_elements(By.CSS_SELECTOR, "a[href^='/tasks/']")[0].click()
w.until(lambda x: len(x.find_elements(By.CSS_SELECTOR, "#case article.case-entry")) >= 1)
case = d.find_element(By.ID, "case").text; assert "rh.jsj.zzut.edu.cn" in case, case
assert not [r for r in d.find_elements(By.CSS_SELECTOR, ".fjs-form-field-radio input[type=radio]") if r.is_selected()], "decision starts empty"
sw = d.execute_script("return [window.innerWidth, document.documentElement.scrollWidth, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))]")
ok.append(f"phone task page: innerWidth, scrollWidth, wide elements = {sw}")
d.find_element(By.XPATH, "//div[contains(@class,'fjs-form-field-radio')]//label[normalize-space()='同意']").click()
d.find_element(By.CSS_SELECTOR, "#form textarea").send_keys("同意上线（真实主机）")
d.find_element(By.ID, "submit").click(); w.until(lambda x: x.find_element(By.ID, "done").is_displayed())
ok.append("phone: head opens the task from the inbox, sees the case, decision empty, signs; 任务完成")
errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
signin("admin", "/admin")
for p in ["/admin", "/admin/definitions", "/admin/definitions/system-grading-filing", "/admin/instances", "/admin/incidents", "/admin/users", "/admin/forms", "/compliance", "/duty", "/reports", f"/instances/{iid}"]:
    d.get(B + p); time.sleep(1.5)
    assert d.find_elements(By.CSS_SELECTOR, "main, #app"), p
    errors += [(p, e["message"]) for e in d.get_log("browser") if e["level"] == "SEVERE"]
d.save_screenshot("/tmp/rh-instance.png")
d.quit()
ok.append(f"admin pages at phone width, console errors: {errors}")
print("\n".join(ok))
