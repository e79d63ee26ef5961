using System;
using ZscalerScim.Http;

namespace ZscalerScim;

/// <summary>
/// A signed-in handle on one Okta org: every call goes through its pipeline (retries, Okta's rate limits, redaction).
/// Connect-ZiaScimOkta keeps one in the runspace; the Okta cmdlets otherwise open one for their own call.
/// </summary>
public sealed class OktaConnection : IDisposable
{
    internal OktaConnection(Uri origin, string signedInAs, HttpPipeline pipeline)
    {
        Origin = origin;
        SignedInAs = signedInAs;
        Pipeline = pipeline;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>The Okta org: https://acme.okta.com.</summary>
    public Uri Origin { get; }

    /// <summary>How the connection signed in (never a secret): "an API token (SSWS)" or "service app ...".</summary>
    public string SignedInAs { get; }

    public DateTime ConnectedAt { get; }

    /// <summary>The Zscaler 2.0 app the Okta cmdlets and Test-ZiaScimSetup use when none is named (Connect-ZiaScimOkta -AppId).</summary>
    public string? AppId { get; internal set; }

    internal HttpPipeline Pipeline { get; }

    internal bool Disposed { get; private set; }

    internal Uri Address(string relative) => new(Origin, relative);

    public void Dispose()
    {
        Disposed = true;
        Pipeline.Dispose();
    }

    public override string ToString() => $"Okta {Origin} ({SignedInAs})";
}
