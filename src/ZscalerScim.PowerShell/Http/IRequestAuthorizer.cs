using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>How a session proves itself on each request, and recovers once when the service says it no longer does.</summary>
internal interface IRequestAuthorizer
{
    Task AuthorizeAsync(HttpRequestMessage request, OperationLog log, CancellationToken cancel);

    /// <summary>Called once per call on a 401: log in again or renew the token. False: nothing to try.</summary>
    Task<bool> RecoverAsync(OperationLog log, CancellationToken cancel);
}
