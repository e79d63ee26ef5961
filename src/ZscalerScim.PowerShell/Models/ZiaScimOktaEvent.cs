using System;

namespace ZscalerScim;

/// <summary>One System Log event of the Okta Zscaler 2.0 app: a provisioning step or an integration fault (Get-ZiaScimOktaLog).</summary>
public sealed class ZiaScimOktaEvent
{
    internal ZiaScimOktaEvent()
    {
    }

    public DateTime? Published { get; internal set; }

    /// <summary>For example application.provision.user.push or application.integration.authentication_failure.</summary>
    public string EventType { get; internal set; } = string.Empty;

    /// <summary>The outcome's result: SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN.</summary>
    public string? Result { get; internal set; }

    /// <summary>The outcome's reason, when Okta gives one (the SCIM server's refusal, for a failed push).</summary>
    public string? Reason { get; internal set; }

    /// <summary>The Okta user the event is about (login), when it is about one.</summary>
    public string? TargetUser { get; internal set; }

    public string? DisplayMessage { get; internal set; }

    public string? Severity { get; internal set; }

    public string AppId { get; internal set; } = string.Empty;

    /// <summary>The event's id in the System Log.</summary>
    public string? Uuid { get; internal set; }

    /// <summary>The result is FAILURE.</summary>
    public bool Failed => string.Equals(Result, "FAILURE", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{Published:u} {EventType} {Result}";
}
