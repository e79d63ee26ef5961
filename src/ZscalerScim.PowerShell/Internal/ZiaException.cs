using System;
using System.Management.Automation;

namespace ZscalerScim.Internal;

/// <summary>
/// A failure the user must see as a clear ErrorRecord: a stable ErrorId, the right category, the target
/// and a message that says what to do. Messages never carry secrets: any the module holds is hidden by value
/// (<see cref="SecretValues"/>), also when a server echoed one into its error.
/// </summary>
internal class ZiaException : Exception
{
    public ZiaException(string errorId, ErrorCategory category, string message, object? target = null, Exception? inner = null)
        : base(SecretValues.Redact(message), inner)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    public string ErrorId { get; }

    public ErrorCategory Category { get; }

    public object? Target { get; set; }

    /// <summary>HTTP status of the answer that failed, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The service's error code from its {code, message} body, when there was one.</summary>
    public string? ServiceCode { get; init; }

    /// <summary>What a failed write leaves at the service: what the output must tell the admin.</summary>
    public SaveState SaveState { get; set; }

    public ErrorRecord ToErrorRecord() => new(this, ErrorId, Category, Target);
}
