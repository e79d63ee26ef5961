namespace ZscalerScim;

/// <summary>The provisioning connection of an Okta Zscaler 2.0 app: where Okta sends users, and whether it does. Okta never returns the token.</summary>
public sealed class ZiaScimOktaProvisioning
{
    internal ZiaScimOktaProvisioning(string oktaDomain, string appId, string? appLabel, string? appName, string? authScheme, string? status, bool enabled, string? baseUrl)
    {
        OktaDomain = oktaDomain;
        AppId = appId;
        AppLabel = appLabel;
        AppName = appName;
        AuthScheme = authScheme;
        Status = status;
        Enabled = enabled;
        BaseUrl = baseUrl;
    }

    /// <summary>The Okta org, e.g. https://acme.okta.com.</summary>
    public string OktaDomain { get; }

    public string AppId { get; }

    public string? AppLabel { get; }

    /// <summary>The app's type name in Okta: zscalerbyz for Zscaler 2.0.</summary>
    public string? AppName { get; }

    /// <summary>TOKEN once a bearer token connection is set; Okta's value otherwise (e.g. UNKNOWN).</summary>
    public string? AuthScheme { get; }

    /// <summary>ENABLED or DISABLED, as Okta reports it.</summary>
    public string? Status { get; }

    /// <summary>True when Okta provisions through this connection.</summary>
    public bool Enabled { get; }

    /// <summary>The SCIM base URL Okta holds for the app.</summary>
    public string? BaseUrl { get; }

    public override string ToString() => $"{AppLabel} ({AppId})";
}
