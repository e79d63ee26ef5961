using System;
using System.Runtime.InteropServices;
using System.Security;

namespace ZscalerScim.Internal;

/// <summary>SecureString in and out. Plain text lives only as long as the call that needs it.</summary>
internal static class SecretText
{
    public static string Reveal(SecureString secret)
    {
        IntPtr ptr = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(ptr) ?? string.Empty;
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(ptr);
        }
    }

    public static SecureString Protect(string plain)
    {
        SecureString secure = new();
        foreach (char c in plain)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }
}
