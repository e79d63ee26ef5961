using System;
using ZscalerScim.Http;

namespace ZscalerScim.Okta;

/// <summary>A signed-in handle on one Okta org: every call goes through its pipeline (retries, Okta's rate limits, redaction).</summary>
internal sealed class OktaConnection : IDisposable
{
    public OktaConnection(Uri origin, string signedInAs, HttpPipeline pipeline)
    {
        Origin = origin;
        SignedInAs = signedInAs;
        Pipeline = pipeline;
    }

    public Uri Origin { get; }

    public string SignedInAs { get; }

    public HttpPipeline Pipeline { get; }

    public Uri Address(string relative) => new(Origin, relative);

    public void Dispose() => Pipeline.Dispose();
}
