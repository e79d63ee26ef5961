using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Entra;

/// <summary>A signed-in Microsoft Graph client: the Graph origin and the pipeline whose authorizer holds and renews the token.</summary>
internal sealed class GraphConnection : IDisposable
{
    public GraphConnection(Uri graphEndpoint, HttpPipeline pipeline, string signedInAs)
    {
        Root = new Uri(graphEndpoint.ToString().TrimEnd('/') + "/");
        Pipeline = pipeline;
        SignedInAs = signedInAs;
    }

    public Uri Root { get; }

    public HttpPipeline Pipeline { get; }

    /// <summary>For Verbose messages: how the connection signed in (never a secret).</summary>
    public string SignedInAs { get; }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel, params int[] accept)
    {
        ApiRequest request = new(method, new Uri(Root, path))
        {
            Json = body,
            // Graph's PUT of the secrets replaces them: sending it twice does no harm. POSTs (start, validate) are not repeated after a drop.
            Idempotent = method == HttpMethod.Get || method == HttpMethod.Put,
            Accept = accept,
        };
        return await Pipeline.SendAsync(request, log, cancel).ConfigureAwait(false);
    }

    public void Dispose() => Pipeline.Dispose();
}
