// Fixtures run side by side: every test starts its own host on its own data folder (own SQLite files, own Hangfire
// storage, own fake clock) and its own servers on free loopback ports (Kestrel, SMTP, ChromeDriver), so fixtures share
// nothing but the process. Tests inside one fixture still run one after another.
[assembly: Parallelizable(ParallelScope.Fixtures)]

// Hosts spend their time starting up, hashing passwords and waiting on SQLite and Chromium, so a few more fixtures
// than cores keep both cores busy without starving the browser tests.
[assembly: LevelOfParallelism(4)]
