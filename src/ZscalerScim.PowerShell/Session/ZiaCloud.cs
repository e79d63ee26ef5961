using System;
using System.Collections.Generic;
using System.Linq;

namespace ZscalerScim.Session;

/// <summary>The one place that maps Zscaler cloud names to hosts (reference: "Hosts, per cloud").</summary>
internal static class ZiaCloud
{
    public static readonly IReadOnlyList<string> Names = new[]
    {
        "zscaler", "zscalerone", "zscalertwo", "zscalerthree", "zscloud",
        "zscalerbeta", "zscalergov", "zscalerten", "zspreview",
    };

    /// <summary>OneAPI has one production and one beta environment; its -Cloud takes these.</summary>
    public static readonly IReadOnlyList<string> OneApiNames = new[] { "production", "beta" };

    /// <summary>
    /// Accepts "zscalertwo", "zscalertwo.net" (as orgInformation.cloudName reports it), or a host of that cloud as an
    /// admin copies it from the browser: "admin.zscalertwo.net", "https://admin.zscalertwo.net/", "zsapi.zscalertwo.net".
    /// </summary>
    public static bool TryNormalize(string? value, out string cloud)
    {
        cloud = (value ?? string.Empty).Trim().ToLowerInvariant();
        if (Uri.TryCreate(cloud, UriKind.Absolute, out Uri? url) && url.Scheme is "https" or "http")
        {
            cloud = url.Host;
        }
        if (cloud.EndsWith(".net", StringComparison.Ordinal))
        {
            cloud = cloud.Substring(0, cloud.Length - 4);
        }
        foreach (string host in new[] { "admin.", "zsapi.", "scim." })
        {
            if (cloud.StartsWith(host, StringComparison.Ordinal))
            {
                cloud = cloud.Substring(host.Length);
            }
        }
        string candidate = cloud;
        return Names.Contains(candidate);
    }

    public static ZiaEndpoints ForApiKey(string cloud)
    {
        // zspreview has no zsapi host; its legacy API lives on the admin host.
        Uri api = cloud == "zspreview"
            ? new Uri("https://admin.zspreview.net/api/v1/")
            : new Uri($"https://zsapi.{cloud}.net/api/v1/");
        return new ZiaEndpoints(
            api,
            new Uri($"https://admin.{cloud}.net/zsapi/v1/"),
            tokenUri: null,
            ScimHostFor(cloud));
    }

    public static ZiaEndpoints ForOneApi(string vanityDomain, bool beta)
    {
        Uri token = new($"https://{vanityDomain}.{(beta ? "zsloginbeta" : "zslogin")}.net/oauth2/v1/token");
        Uri api = new(beta ? "https://api.beta.zsapi.net/zia/api/v1/" : "https://api.zsapi.net/zia/api/v1/");
        // The SCIM host depends on the tenant's cloud, learnt from orgInformation after login.
        // The ZIdentity API shares OneAPI's gateway and token (help.zscaler.com/zidentity/understanding-zidentity-apis).
        return new ZiaEndpoints(api, portalApi: null, token, scimHost: null)
        {
            ZIdentityApi = new Uri(beta ? "https://api.beta.zsapi.net/ziam/admin/api/v1/" : "https://api.zsapi.net/ziam/admin/api/v1/"),
        };
    }

    /// <summary>One origin for every endpoint, at the real paths (the emulator, or a test tenant behind a gateway).</summary>
    public static ZiaEndpoints ForOrigin(Uri origin, bool oneApi)
    {
        string root = origin.GetLeftPart(UriPartial.Authority) + "/";
        return new ZiaEndpoints(
            new Uri(root + (oneApi ? "zia/api/v1/" : "api/v1/")),
            oneApi ? null : new Uri(root + "zsapi/v1/"),
            oneApi ? new Uri(root + "oauth2/v1/token") : null,
            new Uri(root))
        {
            ZIdentityApi = oneApi ? new Uri(root + "ziam/admin/api/v1/") : null,
        };
    }

    public static Uri ScimHostFor(string cloud) => new($"https://scim.{cloud}.net/");
}
