using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by its chromedriver (both given by path, so Selenium Manager never
/// runs). Screenshots go to the test results folder, to look at after a run.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public Browser(string baseUrl)
    {
        BaseUrl = baseUrl;
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver), Path.GetFileName(Driver));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = Chromium };
        // As root Chromium needs --no-sandbox; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", "--lang=zh-CN");
        Driver_ = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static bool Installed => File.Exists(Chromium) && File.Exists(Driver);

    public string BaseUrl { get; }

    public IWebDriver Driver_ { get; }

    public void Open(string path) => Driver_.Navigate().GoToUrl(BaseUrl + path);

    /// <summary>Signs in through the page's development sign-in and waits for the overview.</summary>
    public void SignIn(string user, string department, string role)
    {
        Open("/");
        ((IJavaScriptExecutor)Driver_).ExecuteScript("sessionStorage.clear()");
        Open("/");
        Until(d => d.FindElements(By.Id("signin-user")).Count > 0, TimeSpan.FromSeconds(15));
        Fill("signin-user", user);
        Fill("signin-department", department);
        ((IJavaScriptExecutor)Driver_).ExecuteScript("document.getElementById('signin-role').value = arguments[0]", role);
        Driver_.FindElement(By.Id("signin-submit")).Click();
        Until(d => d.FindElements(By.Id("overview")).Count > 0, TimeSpan.FromSeconds(15));
    }

    public void Fill(string id, string text)
    {
        var input = Driver_.FindElement(By.Id(id));
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Waits for a condition; on a timeout the page as it stood is kept as a screenshot and named in the failure.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, TimeSpan timeout)
    {
        try
        {
            // A live page redraws itself: an element found a moment ago may be gone; look again.
            var wait = new WebDriverWait(Driver_, timeout) { PollingInterval = TimeSpan.FromMilliseconds(50) };
            wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException ex)
        {
            var shot = Screenshot($"timeout-{DateTime.UtcNow:HHmmssfff}");
            var body = Driver_.FindElement(By.TagName("body")).Text;
            throw new WebDriverTimeoutException($"{ex.Message}; the page ({Driver_.Url}) is in {shot} and reads: {body[..Math.Min(body.Length, 400)]}", ex);
        }
    }

    public string Text(string css) => Driver_.FindElement(By.CssSelector(css)).Text;

    public string Screenshot(string name)
    {
        var folder = Path.Combine(Environment.GetEnvironmentVariable("QZ_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        ((ITakesScreenshot)Driver_).GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver_.Quit();
        Driver_.Dispose();
    }
}
