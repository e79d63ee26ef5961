using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Idp;
using ZscalerScim.Internal;

namespace ZscalerScim.Okta;

/// <summary>
/// An Okta Zscaler 2.0 app's provisioning connection as the IdP side of a SCIM setup (<see cref="IIdpTarget"/>). Okta
/// cannot test a connection through its API, so the caller hands in a SCIM probe: one request with the URL and token.
/// </summary>
internal sealed class OktaTarget : IIdpTarget
{
    internal const string AppsPermission = "okta.apps.read";
    internal const string LogsPermission = "okta.logs.read";

    private readonly OktaConnection _okta;
    private readonly Func<Uri, SecureString, OperationLog, CancellationToken, Task<string?>> _probe;

    public OktaTarget(OktaConnection okta, OktaApp app, Func<Uri, SecureString, OperationLog, CancellationToken, Task<string?>> scimProbe)
    {
        OktaProvisioning.RequireZscaler(app);
        _okta = okta;
        App = app;
        _probe = scimProbe;
    }

    /// <summary>The app by id or exact label, refused unless it is a Zscaler 2.0 app.</summary>
    public static async Task<OktaApp> FindAsync(OktaConnection okta, string? appId, string? appLabel, OperationLog log, CancellationToken cancel)
    {
        OktaApp app = await OktaProvisioning.FindAppAsync(okta, appId, appLabel, log, cancel).ConfigureAwait(false);
        OktaProvisioning.RequireZscaler(app);
        return app;
    }

    public OktaApp App { get; }

    /// <summary>A checked base URL as the contract takes it; the path form /orgId/idpId/ is a relative URI, which Okta takes as it is.</summary>
    public static Uri BaseUrl(string text) => new(OktaProvisioning.CheckBaseUrl(text), UriKind.RelativeOrAbsolute);

    /// <summary>Activate the connection with the write (Set-ZiaScimOktaProvisioning -Activate); a rotation leaves its status as it is.</summary>
    public bool ActivateOnWrite { get; init; }

    /// <summary>What the last write saved, as Okta read it back.</summary>
    public ZiaScimOktaProvisioning? Saved { get; private set; }

    public string Name => $"Okta: {App.Label ?? App.Id}";

    public string SetCommand(Uri baseUrl) => $"Set-ZiaScimOktaProvisioning -OktaDomain {_okta.Origin.Host} -AppId {App.Id} -BaseUrl {baseUrl}";

    public async Task<string?> WriteAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel)
    {
        Saved = await OktaProvisioning.SetConnectionAsync(_okta, App, baseUrl.ToString(), token, ActivateOnWrite, log, cancel).ConfigureAwait(false);
        return Saved.Enabled
            ? null
            : $"The provisioning connection of {App} is saved but {Saved.Status}: Okta does not provision users to ZIA through it until it is activated (Set-ZiaScimOktaProvisioning -Activate).";
    }

    public Task<string?> ValidateAsync(Uri baseUrl, SecureString token, OperationLog log, CancellationToken cancel) => _probe(baseUrl, token, log, cancel);

    public async Task<IReadOnlyList<ZiaScimSetupLink>> ReadHealthAsync(IdpHealthQuery query, OperationLog log, CancellationToken cancel) => new[]
    {
        await OktaHealth.EndpointAsync(_okta, this, query, log, cancel).ConfigureAwait(false),
        await OktaHealth.JobAsync(_okta, this, query, log, cancel).ConfigureAwait(false),
    };

    internal string Domain => _okta.Origin.Host;

    public override string ToString() => Name;
}
