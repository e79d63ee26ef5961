using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ZscalerScim.Emulator.Control;

namespace ZscalerScim.Emulator.Okta;

/// <summary>
/// The emulated Okta org on its own loopback port (its paths, /api/v1 and /oauth2/v1/token, are also ZIA's, so it cannot
/// share the ZIA origin), with its own request log. Its control API lives on the ZIA origin under /_emulator/okta.
/// </summary>
public sealed class OktaServer : IAsyncDisposable
{
    private readonly WebApplication _okta;
    private string _origin = "";
    private string _ziaOrigin = "";

    private OktaServer(WebApplication okta, OktaState state, RequestLog log)
    {
        _okta = okta;
        State = state;
        Log = log;
    }

    public OktaState State { get; }
    public RequestLog Log { get; }
    public string Origin => _origin;
    public string ZiaOrigin => _ziaOrigin;

    /// <summary>Builds the Okta server and maps its control endpoints on the ZIA app; call before the ZIA app starts.</summary>
    public static OktaServer Register(WebApplication zia)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var state = new OktaState();
        var log = new RequestLog();
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(log);
        var okta = builder.Build();
        var server = new OktaServer(okta, state, log);
        okta.UseMiddleware<RequestLogMiddleware>();
        okta.UseMiddleware<OktaRateLimit>();
        OktaRoutes.Map(okta, state, () => server.Origin);
        OktaControl.Map(zia, server);
        return server;
    }

    public async Task StartAsync(string ziaOrigin)
    {
        _ziaOrigin = ziaOrigin;
        await _okta.StartAsync();
        _origin = _okta.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Select(a => new Uri(a)).First().GetLeftPart(UriPartial.Authority);
    }

    /// <summary>What a client needs, added to the handshake line.</summary>
    public JsonObject AddTo(JsonObject handshake)
    {
        handshake["oktaOrigin"] = Origin;
        handshake["oktaApiToken"] = State.ApiToken;
        handshake["oktaClientId"] = State.ClientId;
        handshake["oktaAppId"] = State.ZscalerApp.Id;
        handshake["oktaAppLabel"] = State.ZscalerApp.Label;
        handshake["oktaOtherAppId"] = State.OtherApp.Id;
        handshake["oktaOtherAppLabel"] = State.OtherApp.Label;
        return handshake;
    }

    public async ValueTask DisposeAsync() => await _okta.DisposeAsync();
}
