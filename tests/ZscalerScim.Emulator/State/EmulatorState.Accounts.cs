namespace ZscalerScim.Emulator.State;

public sealed partial class EmulatorState
{
    private ZiaAccounts? _accounts;

    /// <summary>Admins and users outside SCIM (own lock).</summary>
    public ZiaAccounts Accounts => LazyInitializer.EnsureInitialized(ref _accounts, () => new ZiaAccounts(Credentials.Username));
}
