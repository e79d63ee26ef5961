using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Http;
using ZscalerScim.Internal;

namespace ZscalerScim.Scim;

/// <summary>The SCIM bearer token on every request, discovery included (some servers want it there too).</summary>
internal sealed class BearerTokenAuthorizer : IRequestAuthorizer
{
    private readonly SecureString _token;

    public BearerTokenAuthorizer(SecureString token) => _token = token;

    public Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(_token));
        return Task.CompletedTask;
    }

    // A SCIM token cannot be renewed by the client: a 401 is the answer.
    public Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel) => Task.FromResult(false);
}
