using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Chromium;
using OpenQA.Selenium.Support.UI;
using Zzut.Workflows.Host.Tests.Support;

namespace Zzut.Workflows.Host.Tests.Browser;

/// <summary>
/// Debian's headless Chromium through ChromeDriver against the real host on a loopback Kestrel port, with the browser's
/// console log kept (<see cref="ConsoleErrors"/>). Set ZZUT_UI_SCREENSHOTS to a folder to keep a PNG of the pages a
/// test names (<see cref="Screenshot"/>), for a person to look at.
/// </summary>
internal static class Chromium
{
    private const string Binary = "/usr/bin/chromium";
    private const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>A browser window of the given size (a phone: 390 × 844).</summary>
    public static ChromeDriver Start(int width = 1280, int height = 1600)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Binary };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", $"--window-size={width},{height}", "--lang=zh-CN",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        if (width < 500)
        {
            // Desktop windows are at least 500 px wide: a phone's screen is emulated (viewport, pixel ratio, touch).
            options.EnableMobileEmulation(new ChromiumMobileEmulationDeviceSettings { Width = width, Height = height, PixelRatio = 3, EnableTouchEvents = true, UserAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36" });
        }
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// The real host on a free loopback port (Kestrel, not the in-memory test server), once the browser is there;
    /// <paramref name="configure"/> may change its settings before it starts.
    /// </summary>
    public static WorkflowApplication StartHost(out int port, Action<WorkflowApplication>? configure = null)
    {
        RequireBrowser();
        port = LoopbackPort.Free();
        var app = new WorkflowApplication();
        configure?.Invoke(app);
        app.UseKestrel(port);
        app.StartServer();
        return app;
    }

    /// <summary>Signs in on the sign-in page and waits until it has returned to <paramref name="returnUrl"/> and drawn it.</summary>
    public static async Task SignInAsync(ChromeDriver browser, int port, string user, string returnUrl, string? password = null)
    {
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(20));
        await browser.Navigate().GoToUrlAsync($"http://127.0.0.1:{port}/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        wait.Until(d => d.FindElements(By.Id("userName")).Count == 1);
        browser.FindElement(By.Id("userName")).SendKeys(user);
        browser.FindElement(By.Id("password")).SendKeys(password ?? user + "-Passw0rd-2026");
        browser.FindElement(By.Id("submit")).Click();
        wait.Until(d => !d.Url.Contains("/login", StringComparison.Ordinal));
        if (!returnUrl.StartsWith("/hangfire", StringComparison.Ordinal))
        {
            // Our pages draw themselves after their module loads; the shell marks the body when done.
            wait.Until(d => (bool)((IJavaScriptExecutor)d).ExecuteScript("return document.body?.dataset.ready === 'true'")!);
        }
    }

    /// <summary>Opens a page and waits until its module has rendered it (the shell sets body[data-ready]).</summary>
    public static async Task OpenAsync(ChromeDriver browser, string url)
    {
        await browser.Navigate().GoToUrlAsync(url);
        new WebDriverWait(browser, TimeSpan.FromSeconds(20)).Until(d => (bool)((IJavaScriptExecutor)d).ExecuteScript("return document.body?.dataset.ready === 'true'")!);
    }

    /// <summary>The errors the page wrote to the console (and failed requests) since the last call.</summary>
    public static List<string> ConsoleErrors(ChromeDriver browser) =>
        [.. browser.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level >= LogLevel.Severe).Select(e => e.Message)];

    /// <summary>Keeps a PNG of the window when ZZUT_UI_SCREENSHOTS names a folder.</summary>
    public static void Screenshot(ChromeDriver browser, string name)
    {
        var folder = Environment.GetEnvironmentVariable("ZZUT_UI_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        browser.GetScreenshot().SaveAsFile(Path.Combine(folder, name + ".png"));
    }

    /// <summary>
    /// Replaces a field's text as a person would: select all, then type over the selection, in one command. Clearing it
    /// first (a separate Backspace) gave the form editor's debounced properties panel an empty value to commit while the
    /// new text was being typed, and under CI's load the typed text was lost (the label stayed empty).
    /// </summary>
    public static void Replace(IWebElement input, string text) => input.SendKeys(Keys.Control + "a" + Keys.Null + text);

    /// <summary>Runs a script in the page.</summary>
    public static T Script<T>(ChromeDriver browser, string script) => (T)browser.ExecuteScript(script)!;

    /// <summary>The browser is part of the test environment: scripts/test.sh installs it; under CI its absence fails.</summary>
    private static void RequireBrowser()
    {
        if (File.Exists(Binary) && File.Exists(DriverPath))
        {
            return;
        }

        var message = $"Chromium ({Binary}) and ChromeDriver ({DriverPath}) are needed; scripts/test.sh installs them (Debian packages chromium, chromium-driver).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Ignore(message);
    }
}
