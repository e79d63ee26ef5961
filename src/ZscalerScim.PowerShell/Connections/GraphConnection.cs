using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim;

/// <summary>
/// A signed-in Microsoft Graph client: the Graph origin and the pipeline whose authorizer holds and renews the token.
/// Connect-ZiaScimEntra keeps one in the runspace; the Entra ID cmdlets otherwise open one for their own call.
/// </summary>
public sealed class GraphConnection : IDisposable
{
    internal GraphConnection(Uri graphEndpoint, HttpPipeline pipeline, string signedInAs)
    {
        Root = new Uri(graphEndpoint.ToString().TrimEnd('/') + "/");
        Pipeline = pipeline;
        SignedInAs = signedInAs;
        ConnectedAt = DateTime.Now;
    }

    /// <summary>Microsoft Graph's origin (https://graph.microsoft.com, or a national cloud's).</summary>
    public Uri Root { get; }

    /// <summary>How the connection signed in (never a secret): "client secret of app ... in tenant ...".</summary>
    public string SignedInAs { get; }

    public DateTime ConnectedAt { get; }

    /// <summary>The enterprise application the IdP cmdlets and Test-ZiaScimSetup use when none is named (Connect-ZiaScimEntra -ServicePrincipal).</summary>
    public string? ServicePrincipal { get; internal set; }

    /// <summary>The provisioning job to use when the application has several.</summary>
    public string? JobId { get; internal set; }

    internal HttpPipeline Pipeline { get; }

    internal bool Disposed { get; private set; }

    internal async Task<ApiResponse> SendAsync(HttpMethod method, string path, JToken? body, OperationLog log, CancellationToken cancel, params int[] accept)
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

    /// <summary>A path Graph gave back (@odata.nextLink), only on this connection's origin: the token never goes elsewhere.</summary>
    internal Uri? SameOrigin(string? link) =>
        Uri.TryCreate(link, UriKind.Absolute, out Uri? uri) && Uri.Compare(uri, Root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : null;

    internal async Task<ApiResponse> GetAsync(Uri absolute, OperationLog log, CancellationToken cancel, params int[] accept) =>
        await Pipeline.SendAsync(new ApiRequest(HttpMethod.Get, absolute) { Idempotent = true, Accept = accept }, log, cancel).ConfigureAwait(false);

    public void Dispose()
    {
        Disposed = true;
        Pipeline.Dispose();
    }

    public override string ToString() => $"Microsoft Graph {Root} ({SignedInAs})";
}
