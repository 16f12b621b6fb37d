using System.Security.Cryptography;

namespace Membership.StripeEmulator.Engine;

/// <summary>Stripe-looking ids: a resource prefix and random base62 characters.</summary>
internal static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) => prefix + RandomNumberGenerator.GetString(Alphabet, length);
}
