using System;
using System.Threading;

namespace ZscalerScim.Internal;

/// <summary>
/// Ctrl+C after a change that cannot be taken back (a new token generated, saved, activating): what ZIA and the identity
/// provider hold and how to finish, which the cmdlet reports as it stops (ZiaCmdlet.Run).
/// </summary>
internal sealed class StoppedMidwayException : OperationCanceledException
{
    public StoppedMidwayException(string report, Exception cause, CancellationToken token)
        : base(SecretValues.Redact(report), cause, token)
    {
    }

    /// <summary>Whether this failure is the caller's Ctrl+C (and not a timeout inside the pipeline).</summary>
    public static bool IsStop(Exception ex, CancellationToken cancel) => ex is OperationCanceledException && cancel.IsCancellationRequested;
}
