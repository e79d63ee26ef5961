using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ZscalerScim.Emulator.Auth;
using ZscalerScim.Emulator.Control;
using ZscalerScim.Emulator.Entra;
using ZscalerScim.Emulator.Faults;
using ZscalerScim.Emulator.Http;
using ZscalerScim.Emulator.Okta;
using ZscalerScim.Emulator.Options;
using ZscalerScim.Emulator.Portal;
using ZscalerScim.Emulator.RateLimit;
using ZscalerScim.Emulator.Scim;
using ZscalerScim.Emulator.State;
using ZscalerScim.Emulator.Zia;
using ZscalerScim.Emulator.ZIdentity;

var clock = Stopwatch.StartNew();
EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Our own arguments only: ASP.NET must not read --port and friends as configuration.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
{
    Args = [],
    ContentRootPath = AppContext.BaseDirectory,
});
// The first stdout line belongs to the handshake JSON: ASP.NET's own logging goes to stderr, warnings up.
builder.Logging.ClearProviders();
builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
// Loopback only: Listen overrides ASPNETCORE_URLS (Kestrel then warns on stderr, which is harmless).
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

var state = new EmulatorState(Credentials.Generate(), RuntimeConfig.From(options));
builder.Services.AddSingleton(state);
builder.Services.AddSingleton<RequestLog>();
builder.Services.AddSingleton<FaultStore>();
builder.Services.AddSingleton<SlidingWindowLimiter>();
builder.Services.AddSingleton<ZIdentityTenant>();
builder.Services.AddSingleton<ZscalerScim.Emulator.EventLog.ZiaEventLog>();
builder.Services.AddEntra();

var app = builder.Build();

// Order matters: log everything (faults included), then faults, then rate limits, then the service.
app.UseMiddleware<RequestLogMiddleware>();
app.Use(next => new ProxyAuthMiddleware(next, options.ProxyPassword).InvokeAsync);
app.UseMiddleware<FaultMiddleware>();
app.UseMiddleware<RateLimitMiddleware>();

ControlEndpoints.Map(app);
AdminUsersRoutes.MapControl(app);
ZscalerScim.Emulator.EventLog.EventLogRoutes.MapControl(app);
ZscalerScim.Emulator.Control.BreakRoutes.MapControl(app);
TokenEndpoint.Map(app);
ZiaRoutes.MapLegacyApi(app);
ZiaRoutes.MapOneApi(app);
PortalRoutes.Map(app);
var scimServer = ScimRoutes.Map(app);
ZIdentityRoutes.Map(app, scimServer);
// Okta on its own port (its paths are also ZIA's); its control API under /_emulator/okta here.
await using var okta = OktaServer.Register(app);
app.MapEntra();
app.MapFallback(() => ZiaErrors.NotFound());

try
{
    await app.StartAsync();
}
catch (IOException e)
{
    // Typically a fixed --port already in use.
    Console.Error.WriteLine($"cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
    return 3;
}

var baseUri = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
    .Addresses.Select(address => new Uri(address)).First().GetLeftPart(UriPartial.Authority);
state.SetOrigin(baseUri);
await okta.StartAsync(baseUri);

// Expire idle sessions (and so activate pending changes) even when no request comes in.
using var expiryTimer = new Timer(_ => state.Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

var credentials = state.Credentials;
var stdout = Console.Out;
var handshake = okta.AddTo(credentials.ToHandshake(baseUri, state.OrgId));
foreach (var (name, value) in app.Services.GetRequiredService<EntraState>().Handshake(baseUri))
{
    handshake[name] = value?.DeepClone();
}
var zidentity = app.Services.GetRequiredService<ZIdentityTenant>();
foreach (var (name, value) in ZIdentityRoutes.Handshake(zidentity, baseUri))
{
    handshake[name] = value;
}
stdout.Write(handshake.ToJsonString() + "\n");
stdout.Flush();
stdout.Write(
    $"""
    ZscalerScim emulator (Acme Corp, org {state.OrgId}) on {baseUri}, started in {clock.ElapsedMilliseconds} ms. Ctrl+C stops it.
      API key login:  Connect-Zia -BaseUri {baseUri} -Credential (Get-Credential {credentials.Username}) -ApiKey (Read-Host -AsSecureString)
                      password {credentials.Password}   API key {credentials.ApiKey}
      OneAPI:         token URL {baseUri}{ApiPaths.Token}   client id {credentials.ClientId}   secret {credentials.ClientSecret}
      Okta org:       {okta.Origin}   API token {okta.State.ApiToken}   Zscaler 2.0 app '{okta.State.ZscalerApp.Label}' ({okta.State.ZscalerApp.Id})
      ZIdentity SCIM: {baseUri}/scim/{zidentity.ScimTenantId}   token {zidentity.Token}   (served once PUT {ApiPaths.Control}/zidentity sets a ZIdentity mode)
      Control API:    {baseUri}{ApiPaths.Control}/state

    """.ReplaceLineEndings("\n"));
stdout.Flush();

if (options.ExitOnStdinClose)
{
    // Tests hold our stdin open: when they die, it closes and we go too.
    var lifetime = app.Lifetime;
    new Thread(() =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (stdin.Read(buffer) > 0)
        {
        }
        lifetime.StopApplication();
    })
    { IsBackground = true, Name = "stdin watcher" }.Start();
}

await app.WaitForShutdownAsync();
return 0;
