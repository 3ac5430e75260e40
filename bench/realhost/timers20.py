# 20 PT2S timers one after another on an idle real host, 0.37 s apart: how late each instance completes after its
# timer's due time. Usage (README, "Verified on a real host"): start the host, deploy check-timer.bpmn as admin, then
#   python3 bench/realhost/timers20.py <admin password>
import json,sys,time,urllib.request,datetime
B="http://127.0.0.1:5080"
T=json.load(urllib.request.urlopen(urllib.request.Request(B+"/api/auth/login",data=json.dumps({"userName":"admin","password":sys.argv[1]}).encode(),headers={"content-type":"application/json"})))["accessToken"]
def req(m,p,body=None):
    r=urllib.request.Request(B+p,method=m,data=None if body is None else json.dumps(body).encode(),headers={"Authorization":"Bearer "+T,"content-type":"application/json"})
    return json.load(urllib.request.urlopen(r))
late=[]
for i in range(20):
    inst=req("POST","/api/instances",{"definitionKey":"check-timer"})
    iid=inst["id"]
    due=datetime.datetime.fromisoformat(req("GET",f"/api/timers?instanceId={iid}")[0]["dueAt"])
    while True:
        st=req("GET",f"/api/instances/{iid}")["status"]
        if st!="active": break
        time.sleep(0.02)
    seen=datetime.datetime.now(datetime.timezone.utc)
    late.append((seen-due).total_seconds()); time.sleep(0.37)
late.sort(); print("n=%d status=%s p50=%.3fs max=%.3fs within1s=%d"%(len(late),st,late[len(late)//2],late[-1],sum(1 for l in late if l<1)))
