using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;

namespace ZscalerScim.Http;

/// <summary>The services' documented rate and size limits, the one place they are written down.</summary>
internal static class ServiceLimits
{
    private const string Get = "GET", Write = "POST/PUT", Delete = "DELETE", Activate = "activation", EventLogReport = "event-log report";

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1), Minute = TimeSpan.FromMinutes(1), Hour = TimeSpan.FromHours(1);

    // The service counts per organization, not per connection: sessions of one identity at one API share a throttle.
    private static readonly ConcurrentDictionary<string, RequestThrottle> ZiaThrottles = new(StringComparer.OrdinalIgnoreCase);

    public static RequestThrottle ZiaThrottle(Uri api, string identity) =>
        ZiaThrottles.GetOrAdd(api.GetLeftPart(UriPartial.Authority) + "|" + identity, _ => NewZiaThrottle());

    /// <summary>
    /// ZIA: GET 2/s and 1000/h; POST and PUT 1/s and 400/h; DELETE 1/min and 4/h; activation 10/min and 40/h; the event-log
    /// report's calls (any method) 2/s and 1000/h (zia/api-rate-limit-summary).
    /// </summary>
    private static RequestThrottle NewZiaThrottle() => new(new Dictionary<string, RateLimit[]>
    {
        [Get] = new[] { new RateLimit(2, Second), new RateLimit(1000, Hour) },
        [Write] = new[] { new RateLimit(1, Second), new RateLimit(400, Hour) },
        [Delete] = new[] { new RateLimit(1, Minute), new RateLimit(4, Hour) },
        [Activate] = new[] { new RateLimit(10, Minute), new RateLimit(40, Hour) },
        [EventLogReport] = new[] { new RateLimit(2, Second), new RateLimit(1000, Hour) },
    });

    /// <summary>The path of ZIA's event-log report, whose calls have their own limits (a Zia/ wire name; Http/ knows only the path).</summary>
    public const string EventLogReportPath = "/eventlogEntryReport";

    /// <summary>SCIM requests a second per tenant on ZIA's server (help.zscaler.com/zia/scim-api-examples).</summary>
    public const double ZiaScimRequestsPerSecond = 5;

    /// <summary>On ZIdentity's ("Zscaler SCIM servers have a rate limit of 50 requests per second", /zidentity/scim-api-examples).</summary>
    public const double ZIdentityScimRequestsPerSecond = 50;

    /// <summary>
    /// The most group members one SCIM request adds or removes (a create's members, or a PATCH's adds and removes together).
    /// Zscaler documents no number; the FastFed Enterprise SCIM Profile 1.0 §3.1.2 (openid.net/specs/fastfed-scim-1_0.html,
    /// max_group_membership_changes) has every SCIM service accept at least 100 membership changes in one request, its
    /// default, so larger changes go out in requests of 100.
    /// </summary>
    public const int ScimMembersPerRequest = 100;

    /// <summary>Microsoft Graph's provisionOnDemand: 5 requests per 10 seconds (the bucket a request names; Graph's 429s are waited out besides).</summary>
    public const string GraphProvisionOnDemand = "provisionOnDemand";

    /// <summary>Graph answers 429 with Retry-After for everything else: only provision on demand has a client-side budget.</summary>
    public static RequestThrottle NewGraphThrottle() => new(new Dictionary<string, RateLimit[]>
    {
        [GraphProvisionOnDemand] = new[] { new RateLimit(5, TimeSpan.FromSeconds(10)) },
    });

    public static IReadOnlyList<string> ZiaBuckets(HttpMethod method, Uri uri)
    {
        if (uri.AbsolutePath.IndexOf(EventLogReportPath, StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return new[] { EventLogReport };
        }
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
