using System.Text.Json.Nodes;

namespace ZscalerScim.Emulator.State;

public sealed partial class EmulatorState
{
    /// <summary>What an activation copies from pending to active, taken when it starts.</summary>
    private sealed record Snapshot(AuthSettings AuthSettings, SortedDictionary<long, JsonObject> Idps);

    /// <summary><c>GET /status</c>.</summary>
    public string ActivationStatus
    {
        get
        {
            lock (_gate)
            {
                Advance(Now);
                return StatusLocked();
            }
        }
    }

    /// <summary>
    /// <c>POST /status/activate</c>. Activating with nothing pending still counts (and answers ACTIVE,
    /// or INPROGRESS while <c>activationDelayMs</c> runs). A call while an activation runs and nothing
    /// new is pending joins it.
    /// </summary>
    public string Activate()
    {
        lock (_gate)
        {
            var now = Now;
            Advance(now);
            if (_activating is null || _changesPending)
            {
                StartActivation(now);
            }
            return StatusLocked();
        }
    }

    private string StatusLocked() =>
        _activating is not null ? "INPROGRESS" : _changesPending ? "PENDING" : "ACTIVE";

    // Caller holds the lock. Marks a saved change.
    private void MarkChanged() => _changesPending = true;

    // Caller holds the lock. ZIA activates pending changes when an admin session ends.
    private void ActivateOnSessionEnd(DateTimeOffset now)
    {
        if (_changesPending)
        {
            StartActivation(now);
        }
    }

    // Caller holds the lock. Every activation, however caused, goes through here and is counted.
    private void StartActivation(DateTimeOffset now)
    {
        if (_activating is not null)
        {
            // A newer activation supersedes a running one: finish the older at once.
            Apply(_activating);
            _activating = null;
        }
        _activationCount++;
        var snapshot = new Snapshot(_pendingAuth, CloneIdps(_pendingIdps));
        _changesPending = false;
        if (_config.ActivationDelayMs <= 0)
        {
            Apply(snapshot);
        }
        else
        {
            _activating = snapshot;
            _activationDoneAt = now.AddMilliseconds(_config.ActivationDelayMs);
        }
    }

    private void Apply(Snapshot snapshot)
    {
        _activeAuth = snapshot.AuthSettings;
        _activeIdps = snapshot.Idps;
    }

    /// <summary>The saved (pending) auth settings: what <c>GET /authSettings</c> returns.</summary>
    public AuthSettings GetAuthSettings()
    {
        lock (_gate)
        {
            Advance(Now);
            return _pendingAuth;
        }
    }

    /// <summary><c>PUT /authSettings</c>: replaces the whole object and makes the status PENDING.</summary>
    /// <exception cref="InvalidInputException">A bad field; nothing is saved.</exception>
    public AuthSettings SaveAuthSettings(JsonObject body)
    {
        lock (_gate)
        {
            Advance(Now);
            _pendingAuth = AuthSettings.FromPut(body, _pendingAuth);
            MarkChanged();
            return _pendingAuth;
        }
    }

    /// <summary><c>PUT /_emulator/authSettings</c>: merges into pending and active alike, no activation.</summary>
    /// <exception cref="InvalidInputException">A bad field; nothing is changed.</exception>
    public AuthSettings SeedAuthSettings(JsonObject fields)
    {
        lock (_gate)
        {
            Advance(Now);
            _pendingAuth = AuthSettings.Merge(fields, _pendingAuth);
            _activeAuth = _pendingAuth;
            // A running activation must not put the old value back when it completes.
            _activating = _activating is null ? null : _activating with { AuthSettings = _pendingAuth };
            return _pendingAuth;
        }
    }
}
