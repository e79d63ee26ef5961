using ZscalerScim.Internal;

namespace ZscalerScim.Http;

/// <summary>
/// What a service's error answer means to the pipeline: the exception to throw, a wait the body advertises (a header's
/// wait wins), and whether another admin holds the object, so that waiting and trying again can succeed.
/// </summary>
internal readonly record struct ServiceError(ZiaException Exception, string? RetryAfter = null, bool Busy = false);
