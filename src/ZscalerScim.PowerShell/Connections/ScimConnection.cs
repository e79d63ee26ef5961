using System;
using ZscalerScim.Http;

namespace ZscalerScim;

/// <summary>A SCIM client bound to one base URL and bearer token, with one throttle shared by every command that uses it.</summary>
public sealed class ScimConnection : IDisposable
{
    internal ScimConnection(Uri baseUrl, double requestsPerSecond, HttpPipeline pipeline)
    {
        // A trailing slash, so that "Users" resolves below /scim/ and not beside it.
        Root = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        BaseUrl = new Uri(baseUrl.ToString().TrimEnd('/'));
        RequestsPerSecond = requestsPerSecond;
        Pipeline = pipeline;
        ConnectedAt = DateTime.Now;
    }

    public Uri BaseUrl { get; }

    /// <summary>The identity provider's name, when the connection was made from it.</summary>
    public string? IdentityProvider { get; internal set; }

    public long? IdentityProviderId { get; internal set; }

    public double RequestsPerSecond { get; }

    /// <summary>Which server: from the base URL's form, corrected by ServiceProviderConfig when it says otherwise.</summary>
    public ScimServerKind Kind { get; internal set; }

    /// <summary>Ids of groups ZIdentity manages itself (dynamic groups), learnt as groups are read or refused.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, string> ManagedGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>What the server advertised (ServiceProviderConfig); empty until first needed.</summary>
    public ScimCapabilities? Capabilities { get; internal set; }

    public DateTime ConnectedAt { get; }

    internal Uri Root { get; }

    internal HttpPipeline Pipeline { get; }

    public override string ToString() => BaseUrl.ToString();

    /// <summary>False once Disconnect-ZiaScim closed it.</summary>
    public bool IsConnected { get; private set; } = true;

    public void Dispose()
    {
        IsConnected = false;
        Pipeline.Dispose();
    }
}
