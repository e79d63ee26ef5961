using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;

namespace ZscalerScim.Http;

/// <summary>The services' documented rate limits, the one place they are written down.</summary>
internal static class ServiceLimits
{
    private const string Get = "GET", Write = "POST/PUT", Delete = "DELETE", Activate = "activation";

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1), Minute = TimeSpan.FromMinutes(1), Hour = TimeSpan.FromHours(1);

    // The service counts per organization, not per connection: sessions of one identity at one API share a throttle.
    private static readonly ConcurrentDictionary<string, RequestThrottle> ZiaThrottles = new(StringComparer.OrdinalIgnoreCase);

    public static RequestThrottle ZiaThrottle(Uri api, string identity) =>
        ZiaThrottles.GetOrAdd(api.GetLeftPart(UriPartial.Authority) + "|" + identity, _ => NewZiaThrottle());

    /// <summary>ZIA: GET 2/s and 1000/h; POST and PUT 1/s and 400/h; DELETE 1/min and 4/h; activation 10/min and 40/h.</summary>
    private static RequestThrottle NewZiaThrottle() => new(new Dictionary<string, RateLimit[]>
    {
        [Get] = new[] { new RateLimit(2, Second), new RateLimit(1000, Hour) },
        [Write] = new[] { new RateLimit(1, Second), new RateLimit(400, Hour) },
        [Delete] = new[] { new RateLimit(1, Minute), new RateLimit(4, Hour) },
        [Activate] = new[] { new RateLimit(10, Minute), new RateLimit(40, Hour) },
    });

    /// <summary>SCIM requests a second per tenant on ZIA's server (help.zscaler.com/zia/scim-api-examples).</summary>
    public const double ZiaScimRequestsPerSecond = 5;

    /// <summary>On ZIdentity's ("Zscaler SCIM servers have a rate limit of 50 requests per second", /zidentity/scim-api-examples).</summary>
    public const double ZIdentityScimRequestsPerSecond = 50;

    public static IReadOnlyList<string> ZiaBuckets(HttpMethod method, Uri uri)
    {
        if (method == HttpMethod.Get)
        {
            return new[] { Get };
        }
        if (method == HttpMethod.Delete)
        {
            // Logging out is not deleting an object: keep it off the 1-a-minute DELETE budget
            // (a guess: "some endpoints differ"; a 429 would still be waited out as advertised).
            return uri.AbsolutePath.EndsWith("/authenticatedSession", StringComparison.OrdinalIgnoreCase)
                ? Array.Empty<string>()
                : new[] { Delete };
        }
        return uri.AbsolutePath.EndsWith("/status/activate", StringComparison.OrdinalIgnoreCase)
            ? new[] { Write, Activate }
            : new[] { Write };
    }
}
