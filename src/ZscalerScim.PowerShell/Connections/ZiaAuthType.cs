namespace ZscalerScim;

/// <summary>How a session signed in.</summary>
public enum ZiaAuthType
{
    /// <summary>Legacy admin login: API key, admin user and password.</summary>
    ApiKey,

    /// <summary>OneAPI (ZIdentity) client with a client secret.</summary>
    OneApiSecret,

    /// <summary>OneAPI (ZIdentity) client signing with a private key or certificate.</summary>
    OneApiPrivateKey,
}
