using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CommentModeration.Web.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a port of its own on 127.0.0.1, passing bytes both ways to a server (the test
/// PostgreSQL): the app's connection string names the relay, so a test can take the database away
/// from the app as a network fault or a database restart would (<see cref="Cut"/>: every open
/// connection closed, new ones refused) and give it back (<see cref="Restore"/>). Nothing of Npgsql
/// is imitated: the app meets real closed sockets and refused connections.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<Socket, Socket> _open = new();
    private readonly Lock _switching = new();
    private TcpListener? _listener;

    public TcpRelay(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Port = Listen(0);
    }

    /// <summary>A relay to the server of <paramref name="connectionString"/>, and that connection string pointed at the relay.</summary>
    public static (TcpRelay Relay, string ConnectionString) To(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var relay = new TcpRelay(builder.Host ?? "127.0.0.1", builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = relay.Port;
        return (relay, builder.ConnectionString);
    }

    public int Port { get; }

    public bool IsCut => _listener is null;

    /// <summary>Closes every relayed connection and refuses new ones until <see cref="Restore"/>, or until what it returns is disposed.</summary>
    public IDisposable Cut()
    {
        CloseAll();
        return new Outage(this);
    }

    private sealed class Outage(TcpRelay relay) : IDisposable
    {
        public void Dispose() => relay.Restore();
    }

    private void CloseAll()
    {
        lock (_switching)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var (client, server) in _open)
            {
                Close(client);
                Close(server);
            }
            _open.Clear();
        }
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        lock (_switching)
        {
            if (_listener is null) Listen(Port);
        }
    }

    public void Dispose() => CloseAll();

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        // The port's relayed connections closed by Cut may linger in TIME_WAIT; listening again must not wait for them.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = RelayAsync(listener, client);
        }
    }

    private async Task RelayAsync(TcpListener listener, Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await server.ConnectAsync(_target);
        }
        catch (SocketException)
        {
            Close(client);
            Close(server);
            return;
        }
        lock (_switching)
        {
            // Cut while this one was connecting: it is refused as well.
            if (!ReferenceEquals(_listener, listener))
            {
                Close(client);
                Close(server);
                return;
            }
            _open[client] = server;
        }
        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        _open.TryRemove(client, out _);
        Close(client);
        Close(server);
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) return;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by the other side or by Cut.
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Not connected, or closed already.
        }
        socket.Dispose();
    }
}
