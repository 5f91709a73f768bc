#!/usr/bin/env python3
"""gen-sim through an independent Binance client: Binance's own Python SDK
(binance-sdk-spot), used exactly as against Binance but for its base URLs.

Run by scripts/sim-client-check.sh, which builds and starts gen-sim and
installs the SDK into a throwaway virtualenv. Reads SIM_BASE
(http://127.0.0.1:PORT), SIM_API_KEY and SIM_API_SECRET from the environment.

It reads exchangeInfo, the book, the tickers, klines and trades; places,
queries and cancels signed orders; reads the account; streams market data
over WebSocket; and subscribes to the account's user data through the
WebSocket API; places, queries and cancels a stop-loss-limit order and an
OCO order list; and deposits through gen-sim's drill, watching its
balanceUpdate and the OCO's listStatus on the user data. Each answer is checked against the fields Binance's
documentation gives it, and the SDK's own models parse every answer: a type
that does not match them (the SDK then logs and relaxes its model) is a
failure too. Prints one summary line; exits 1 on any failure.
"""

import asyncio
import json
import logging
import os
import sys
import time
import urllib.request
from decimal import Decimal
from importlib.metadata import version

from binance_common.configuration import ConfigurationRestAPI, ConfigurationWebSocketAPI, ConfigurationWebSocketStreams
from binance_common.errors import BadRequestError
from binance_sdk_spot.spot import Spot

BASE = os.environ["SIM_BASE"].rstrip("/")
WS_BASE = BASE.replace("http://", "ws://", 1)
KEY = os.environ["SIM_API_KEY"]
SECRET = os.environ["SIM_API_SECRET"]
SYMBOL = "BTCUSDT"
STREAM_TIMEOUT = 30.0

passed = 0
failures: list[str] = []


def check(condition, what):
    """One expectation; a failure is reported at once and counted."""
    global passed
    if condition:
        passed += 1
    else:
        failures.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def has_fields(record, fields, what):
    missing = [field for field in fields if not isinstance(record, dict) or record.get(field) is None]
    check(not missing, f"{what} lacks {missing}" if missing else what)


def plain(value):
    """The SDK's parsed answer as plain dicts and lists (fields absent from the answer stay absent)."""
    if hasattr(value, "actual_instance"):
        return plain(value.actual_instance)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class SDKComplaints(logging.Handler):
    """The SDK logs, rather than raises, when an answer does not fit its
    models, an event has no model, a callback fails or the server answers an
    error: each of those is a failure here."""

    signs = ("did not match the declared types", "Failed to parse", "Unknown user data event", "Error in callback",
             "Error received from server", "failed to connect")

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.complaints: list[str] = []

    def emit(self, record):
        message = record.getMessage()
        if any(sign in message for sign in self.signs):
            self.complaints.append(message)


DECIMAL_FIELDS = {"price", "qty", "quoteQty", "bidPrice", "bidQty", "askPrice", "askQty", "lastPrice", "openPrice", "highPrice", "lowPrice",
                  "volume", "quoteVolume", "priceChange", "weightedAvgPrice", "prevClosePrice", "lastQty"}


def decimal_strings(record, what):
    bad = [field for field in DECIMAL_FIELDS & set(record) if not isinstance(record[field], str) or Decimal(record[field]) is None]
    check(not bad, f"{what}: decimals as strings ({bad})" if bad else f"{what}: decimals as strings")


def wait_for_market(rest):
    """Until the market has traded for three seconds (three 1s klines, ten trades): gen-sim steps every 50 ms."""
    deadline = time.monotonic() + STREAM_TIMEOUT
    while time.monotonic() < deadline:
        if len(rest.klines(symbol=SYMBOL, interval="1s", limit=3).data()) == 3 and len(rest.get_trades(symbol=SYMBOL, limit=10).data()) == 10:
            return
        time.sleep(0.2)
    check(False, f"gen-sim's market trades within {STREAM_TIMEOUT:.0f} s")


def rest_checks(rest):
    wait_for_market(rest)
    # General.
    check(rest.ping().status == 200, "ping answers 200")
    server_time = plain(rest.time().data())["serverTime"]
    check(abs(server_time - time.time() * 1000) < 60_000, "time is the server's clock in ms")

    # exchangeInfo: the symbol's fields as Binance lists them.
    info = plain(rest.exchange_info(symbol=SYMBOL).data())
    has_fields(info, ["timezone", "serverTime", "rateLimits", "exchangeFilters", "symbols"], "exchangeInfo")
    symbol = info["symbols"][0]
    has_fields(symbol, ["symbol", "status", "baseAsset", "baseAssetPrecision", "quoteAsset", "quotePrecision", "quoteAssetPrecision",
                        "baseCommissionPrecision", "quoteCommissionPrecision", "orderTypes", "icebergAllowed", "ocoAllowed", "otoAllowed",
                        "quoteOrderQtyMarketAllowed", "allowTrailingStop", "cancelReplaceAllowed", "amendAllowed", "isSpotTradingAllowed",
                        "isMarginTradingAllowed", "filters", "permissions", "permissionSets", "defaultSelfTradePreventionMode",
                        "allowedSelfTradePreventionModes"], "exchangeInfo symbol")
    check([s["symbol"] for s in info["symbols"]] == [SYMBOL], "exchangeInfo for one symbol lists that symbol")
    listed = plain(rest.exchange_info(symbols=["ETHUSDT", SYMBOL]).data())
    check(sorted(s["symbol"] for s in listed["symbols"]) == [SYMBOL, "ETHUSDT"], "exchangeInfo for a symbols list lists those")
    filters = {f["filterType"]: f for f in symbol["filters"]}
    check({"PRICE_FILTER", "LOT_SIZE"} <= set(filters), "exchangeInfo has PRICE_FILTER and LOT_SIZE")
    tick = Decimal(filters["PRICE_FILTER"]["tickSize"])

    # The book and the tickers.
    depth = plain(rest.depth(symbol=SYMBOL, limit=5).data())
    has_fields(depth, ["lastUpdateId", "bids", "asks"], "depth")
    check(len(depth["bids"]) == 5 and all(isinstance(level[0], str) for level in depth["bids"]), "depth: 5 bid levels of strings")
    price = plain(rest.ticker_price(symbol=SYMBOL).data())
    has_fields(price, ["symbol", "price"], "ticker/price")
    prices = plain(rest.ticker_price(symbols=[SYMBOL, "ETHUSDT"]).data())
    check(isinstance(prices, list) and [p.get("symbol") for p in prices] == [SYMBOL, "ETHUSDT"], "ticker/price for a symbols list is a list in order")
    full = plain(rest.ticker24hr(symbol=SYMBOL).data())
    has_fields(full, ["symbol", "priceChange", "priceChangePercent", "weightedAvgPrice", "prevClosePrice", "lastPrice", "lastQty", "bidPrice",
                      "bidQty", "askPrice", "askQty", "openPrice", "highPrice", "lowPrice", "volume", "quoteVolume", "openTime", "closeTime",
                      "firstId", "lastId", "count"], "ticker/24hr FULL")
    decimal_strings(full, "ticker/24hr")
    check(full["count"] > 0 and full["lastId"] - full["firstId"] + 1 >= full["count"], "ticker/24hr counts the trades between its first and last id")
    # The market moves every 50 ms, so the two tickers may stand a trade apart: the 24h ticker's
    # last price is checked against its own last trade instead.
    recent = {trade["id"]: trade for trade in plain(rest.get_trades(symbol=SYMBOL, limit=1000).data())}
    check(full["lastId"] in recent and Decimal(full["lastPrice"]) == Decimal(recent[full["lastId"]]["price"]),
          "ticker/24hr's lastPrice is the price of its last trade")
    mini = plain(rest.ticker24hr(symbols=[SYMBOL], type="MINI").data())
    check(isinstance(mini, list) and "priceChange" not in mini[0] and "openPrice" in mini[0], "ticker/24hr MINI for symbols: a list without the FULL fields")
    rolling = plain(rest.ticker(symbol=SYMBOL, window_size="1h").data())
    has_fields(rolling, ["symbol", "priceChange", "priceChangePercent", "weightedAvgPrice", "openPrice", "highPrice", "lowPrice", "lastPrice",
                         "volume", "quoteVolume", "openTime", "closeTime", "firstId", "lastId", "count"], "ticker (rolling window)")
    check(rolling["openTime"] % 60_000 == 0, "ticker's window opens on a minute")
    book = plain(rest.ticker_book_ticker(symbol=SYMBOL).data())
    has_fields(book, ["symbol", "bidPrice", "bidQty", "askPrice", "askQty"], "ticker/bookTicker")
    has_fields(plain(rest.avg_price(symbol=SYMBOL).data()), ["mins", "price", "closeTime"], "avgPrice")

    # Klines: the most recent ones, twelve fields each.
    klines = rest.klines(symbol=SYMBOL, interval="1s", limit=3).data()
    check(isinstance(klines, list) and len(klines) == 3 and all(len(row) == 12 for row in klines), "klines: three rows of 12 fields")
    newest = klines[-1][0]
    check(time.time() * 1000 - newest < 10_000, "klines without a time are the most recent")
    check(all(row[6] == row[0] + 999 for row in klines), "klines' close time is open time + interval - 1")
    check(all(isinstance(row[8], int) and row[8] >= 1 and Decimal(row[7]) > 0 for row in klines), "klines carry a trade count and a quote volume")
    minutes = rest.klines(symbol=SYMBOL, interval="1m", limit=2).data()
    check(len(minutes) >= 1 and minutes[-1][0] % 60_000 == 0, "1m klines open on the minute")

    # Trades.
    trades = plain(rest.get_trades(symbol=SYMBOL, limit=10).data())
    check(len(trades) == 10, "trades: the limit's worth")
    for trade in trades[:1]:
        has_fields(trade, ["id", "price", "qty", "quoteQty", "time", "isBuyerMaker", "isBestMatch"], "trades row")
    check([t["id"] for t in trades] == sorted(t["id"] for t in trades), "trades oldest first")
    aggregates = plain(rest.agg_trades(symbol=SYMBOL, limit=5).data())
    check(len(aggregates) == 5, "aggTrades: the limit's worth")
    has_fields(aggregates[0], ["a", "p", "q", "f", "l", "T", "m", "M"], "aggTrades row")
    since = plain(rest.agg_trades(symbol=SYMBOL, from_id=aggregates[0]["a"], limit=2).data())
    check([a["a"] for a in since] == [a["a"] for a in aggregates[:2]], "aggTrades from an id")

    # The account, signed.
    account = plain(rest.get_account().data())
    has_fields(account, ["makerCommission", "takerCommission", "buyerCommission", "sellerCommission", "commissionRates", "canTrade",
                         "canWithdraw", "canDeposit", "brokered", "requireSelfTradePrevention", "preventSor", "updateTime", "accountType",
                         "balances", "permissions", "uid"], "account")
    has_fields(account["commissionRates"], ["maker", "taker", "buyer", "seller"], "account commissionRates")
    commission = plain(rest.account_commission(symbol=SYMBOL).data())
    has_fields(commission, ["symbol", "standardCommission", "taxCommission", "discount"], "account/commission")
    return tick, Decimal(book["bidPrice"])


def order_checks(rest, tick, bid, tag):
    """A resting limit order queried and cancelled, a market buy and sell; returns the market buy's client id."""
    below = ((bid * Decimal("0.95")) / tick).to_integral_value() * tick
    resting = plain(rest.new_order(symbol=SYMBOL, side="BUY", type="LIMIT", time_in_force="GTC", quantity=0.001, price=float(below),
                                   new_client_order_id=f"{tag}-rest").data())
    has_fields(resting, ["symbol", "orderId", "orderListId", "clientOrderId", "transactTime", "price", "origQty", "executedQty",
                         "cummulativeQuoteQty", "status", "timeInForce", "type", "side", "workingTime", "selfTradePreventionMode"], "new LIMIT order")
    check(resting.get("status") == "NEW", "a limit below the bid rests (NEW)")
    found = plain(rest.get_order(symbol=SYMBOL, orig_client_order_id=f"{tag}-rest").data())
    check(found.get("orderId") == resting.get("orderId") and found.get("status") == "NEW", "the order is found by its client id")
    open_orders = plain(rest.get_open_orders(symbol=SYMBOL).data())
    check(any(o.get("clientOrderId") == f"{tag}-rest" for o in open_orders), "openOrders lists it")
    canceled = plain(rest.delete_order(symbol=SYMBOL, orig_client_order_id=f"{tag}-rest").data())
    check(canceled.get("status") == "CANCELED" and canceled.get("origClientOrderId") == f"{tag}-rest", "the cancel answers CANCELED with origClientOrderId")

    bought = plain(rest.new_order(symbol=SYMBOL, side="BUY", type="MARKET", quantity=0.001, new_client_order_id=f"{tag}-buy",
                                  new_order_resp_type="FULL").data())
    check(bought.get("status") == "FILLED" and Decimal(bought.get("executedQty", "0")) == Decimal("0.001"), "a market buy fills")
    fills = bought.get("fills") or []
    check(len(fills) >= 1 and all({"price", "qty", "commission", "commissionAsset", "tradeId"} <= set(f) for f in fills), "the FULL answer lists its fills")
    mine = plain(rest.my_trades(symbol=SYMBOL, order_id=bought.get("orderId")).data())
    check([t.get("id") for t in mine] == [f.get("tradeId") for f in fills], "myTrades has the fills' trades")
    sold = plain(rest.new_order(symbol=SYMBOL, side="SELL", type="MARKET", quantity=0.001, new_client_order_id=f"{tag}-sell").data())
    check(sold.get("status") == "FILLED", "a market sell fills")
    check(rest.order_test(symbol=SYMBOL, side="BUY", type="MARKET", quantity=0.001).status == 200, "order/test answers 200")
    try:
        rest.new_order(symbol="NOPEUSDT", side="BUY", type="MARKET", quantity=0.001)
        check(False, "an unknown symbol is refused")
    except BadRequestError as error:
        check(error.status_code == -1121, f"an unknown symbol is refused with -1121 (got {error.status_code})")
    return f"{tag}-buy"


def deposit(asset, amount):
    """gen-sim's deposit drill (POST /sim/v1/deposit, not a Binance endpoint, so not the SDK's): money into the key's account."""
    request = urllib.request.Request(f"{BASE}/sim/v1/deposit?asset={asset}&amount={amount}", method="POST", headers={"X-MBX-APIKEY": KEY})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def protective_checks(rest, tick, bid, tag):
    """A STOP_LOSS_LIMIT that waits for its price, then a sell OCO (LIMIT_MAKER above the market, STOP_LOSS_LIMIT below it)
    placed, queried and canceled with the SDK's order-list calls, far enough from the market that neither leg moves while
    it is checked. Returns the OCO's orderListId."""
    def on_tick(value):
        return float((value / tick).to_integral_value() * tick)

    stop, limit = on_tick(bid * Decimal("0.91")), on_tick(bid * Decimal("0.90"))
    placed = plain(rest.new_order(symbol=SYMBOL, side="SELL", type="STOP_LOSS_LIMIT", time_in_force="GTC", quantity=0.001, price=limit,
                                  stop_price=stop, new_client_order_id=f"{tag}-stop").data())
    check(placed.get("clientOrderId") == f"{tag}-stop" and placed.get("orderListId") == -1 and "status" not in placed,
          "a STOP_LOSS_LIMIT answers ACK by default")
    waiting = plain(rest.get_order(symbol=SYMBOL, orig_client_order_id=f"{tag}-stop").data())
    check(waiting.get("status") == "NEW" and waiting.get("isWorking") is False and Decimal(waiting.get("stopPrice", "0")) == Decimal(str(stop)),
          "the stop waits for its price (NEW, not working, with its stopPrice)")
    canceled = plain(rest.delete_order(symbol=SYMBOL, orig_client_order_id=f"{tag}-stop").data())
    check(canceled.get("status") == "CANCELED", "the waiting stop cancels")

    oco = plain(rest.order_list_oco(symbol=SYMBOL, side="SELL", quantity=0.002, list_client_order_id=f"{tag}-oco",
                                    above_type="LIMIT_MAKER", above_price=on_tick(bid * Decimal("1.05")), above_client_order_id=f"{tag}-tp",
                                    below_type="STOP_LOSS_LIMIT", below_stop_price=on_tick(bid * Decimal("0.95")),
                                    below_price=on_tick(bid * Decimal("0.94")), below_time_in_force="GTC", below_client_order_id=f"{tag}-sl").data())
    has_fields(oco, ["orderListId", "contingencyType", "listStatusType", "listOrderStatus", "listClientOrderId", "transactionTime", "symbol",
                     "orders", "orderReports"], "orderList/oco answer")
    check(oco.get("contingencyType") == "OCO" and oco.get("listStatusType") == "EXEC_STARTED" and oco.get("listOrderStatus") == "EXECUTING",
          "the OCO is executing")
    list_id = oco.get("orderListId")
    reports = oco.get("orderReports") or []
    check(sorted(r.get("type") for r in reports) == ["LIMIT_MAKER", "STOP_LOSS_LIMIT"] and all(r.get("orderListId") == list_id for r in reports),
          "the OCO's two legs carry its orderListId")
    for report in reports:
        has_fields(report, ["symbol", "orderId", "orderListId", "clientOrderId", "transactTime", "price", "origQty", "executedQty",
                            "cummulativeQuoteQty", "status", "timeInForce", "type", "side", "workingTime", "selfTradePreventionMode"], "OCO order report")
    queried = plain(rest.get_order_list(order_list_id=list_id).data())
    check(queried.get("listClientOrderId") == f"{tag}-oco" and queried.get("listOrderStatus") == "EXECUTING" and len(queried.get("orders") or []) == 2,
          "orderList finds it by id")
    check(any(entry.get("orderListId") == list_id for entry in plain(rest.open_order_list().data())), "openOrderList lists it")
    legs = [o for o in plain(rest.get_open_orders(symbol=SYMBOL).data()) if o.get("orderListId") == list_id]
    check(sorted(o.get("clientOrderId") for o in legs) == [f"{tag}-sl", f"{tag}-tp"], "openOrders lists both legs with the list's id")
    account = plain(rest.get_account().data())
    base = next((b for b in account.get("balances") or [] if b.get("asset") == "BTC"), {})
    check(Decimal(base.get("locked", "0")) == Decimal("0.002"), f"the OCO locks its quantity once (locked {base.get('locked')})")
    canceled = plain(rest.delete_order_list(symbol=SYMBOL, order_list_id=list_id).data())
    check(canceled.get("listStatusType") == "ALL_DONE" and canceled.get("listOrderStatus") == "ALL_DONE"
          and [r.get("status") for r in canceled.get("orderReports") or []] == ["CANCELED", "CANCELED"], "the order-list cancel cancels both legs")
    check(not any(entry.get("orderListId") == list_id for entry in plain(rest.open_order_list().data())), "the canceled list is no longer open")
    check(any(entry.get("orderListId") == list_id for entry in plain(rest.all_order_list(limit=10).data())), "allOrderList keeps it")
    return list_id


def user_event(message):
    """A user-data event as a dict. The SDK picks the event's model by its `e` and keeps
    `e` out of the model, so it is put back from the model's name (ExecutionReport:
    executionReport); an event without a model stays raw, and the SDK says so."""
    instance = getattr(message, "actual_instance", message)
    event = plain(instance)
    if isinstance(event, dict) and "e" not in event:
        name = type(instance).__name__
        event["e"] = name[:1].lower() + name[1:]
    return event


async def until(condition, what, timeout=STREAM_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            check(False, f"{what} within {timeout:.0f} s")
            return False
        await asyncio.sleep(0.05)
    return True


async def stream_checks(spot):
    streams = await spot.websocket_streams.create_connection()
    check(streams is not None, "the market streams connect")
    if streams is None:
        return
    received = {name: [] for name in ("kline", "trade", "aggTrade", "bookTicker", "depth")}
    handles = {
        "kline": await streams.kline(symbol=SYMBOL, interval="1s"),
        "trade": await streams.trade(symbol=SYMBOL),
        "aggTrade": await streams.agg_trade(symbol=SYMBOL),
        "bookTicker": await streams.book_ticker(symbol=SYMBOL),
        "depth": await streams.diff_book_depth(symbol=SYMBOL, update_speed="100ms"),
    }
    for name, handle in handles.items():
        handle.on("message", lambda message, name=name: received[name].append(plain(message)))
    await until(lambda: all(received.values()), "every market stream delivers")
    listed = await streams.list_subscribe()
    check(isinstance(listed, dict) and len(listed.get("result") or []) == 5, "LIST_SUBSCRIPTIONS names the five streams")
    if received["kline"]:
        kline = received["kline"][-1]
        has_fields(kline, ["e", "E", "s", "k"], "kline event")
        has_fields(kline.get("k"), ["t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q"], "kline event's k")
        k = kline.get("k") or {}
        # Trade ids run across symbols, so a kline's trades lie between its first and last id.
        check(0 < k.get("f", 0) <= k.get("L", 0) and 1 <= k.get("n", 0) <= k.get("L", 0) - k.get("f", 0) + 1, "the kline's trade ids span its trades")
    if received["trade"]:
        has_fields(received["trade"][-1], ["e", "E", "s", "t", "p", "q", "T", "m"], "trade event")
    if received["aggTrade"]:
        has_fields(received["aggTrade"][-1], ["e", "E", "s", "a", "p", "q", "f", "l", "T", "m"], "aggTrade event")
    if received["bookTicker"]:
        has_fields(received["bookTicker"][-1], ["u", "s", "b", "B", "a", "A"], "bookTicker event")
    if received["depth"]:
        has_fields(received["depth"][-1], ["e", "E", "s", "U", "u", "b", "a"], "depthUpdate event")
    await streams.close_connection(close_session=True)


async def user_data_checks(spot, rest, tick, bid):
    api = await spot.websocket_api.create_connection()
    check(api is not None, "the WebSocket API connects")
    if api is None:
        return
    pong = await api.ping()
    check(len(pong.rate_limits) >= 1 and pong.rate_limits[0].rateLimitType == "REQUEST_WEIGHT" and pong.rate_limits[0].count >= 1,
          "WebSocket API answers carry rateLimits")
    subscription = await api.user_data_stream_subscribe_signature()
    result = subscription.response.data().result
    check(result is not None and isinstance(result.subscription_id, int), "userDataStream.subscribe.signature gives a subscriptionId")
    events = []
    subscription.stream.on("message", lambda message: events.append(user_event(message)))
    status = (await api.session_status()).data().result
    check(status.user_data_stream is True and status.connected_since is not None, "session.status shows the subscription")

    # A market buy: its reports, then the balances once, after the fills.
    buy = await asyncio.to_thread(order_checks, rest, tick, bid, "ws")
    def reports(client_id):
        return [e for e in events if e.get("e") == "executionReport" and e.get("c") == client_id]
    await until(lambda: any(r.get("X") == "FILLED" for r in reports(buy)), "the market buy's execution reports arrive")
    await until(lambda: any(r.get("X") == "FILLED" for r in reports("ws-sell")), "the market sell's execution reports arrive")
    kinds = [e.get("e") for e in events]
    first = next((i for i, e in enumerate(events) if e.get("c") == buy), None)
    last = max((i for i, e in enumerate(events) if e.get("c") == buy), default=None)
    check(first is not None and last is not None, "the market buy's reports are on the stream")
    if first is not None and last is not None:
        check(kinds[first:last + 2] == ["executionReport"] * (last + 1 - first) + ["outboundAccountPosition"],
              f"a market order's balances come once, after its fills (got {kinds[first:last + 2]})")
        position = events[last + 1] if last + 1 < len(events) else {}
        has_fields(position, ["E", "u", "B"], "outboundAccountPosition")
        check(all({"a", "f", "l"} <= set(balance) for balance in position.get("B") or [{}]), "outboundAccountPosition lists asset, free, locked")
        report = reports(buy)[-1]
        has_fields(report, ["E", "s", "c", "S", "o", "f", "q", "p", "x", "X", "i", "l", "z", "L", "n", "N", "T", "t", "Z", "Y"], "executionReport")
    # The resting order (NEW, CANCELED), the buy and the sell (NEW and at least one TRADE each).
    check(kinds.count("executionReport") >= 6, f"every order's reports arrive (got {kinds.count('executionReport')})")

    # The deposit drill: a balanceUpdate, then the balance.
    deposited = await asyncio.to_thread(deposit, "BTC", "0.01")
    check(deposited.get("asset") == "BTC" and Decimal(deposited.get("delta", "0")) == Decimal("0.01"), "the deposit drill answers the new balance")
    def updates():
        return [e for e in events if e.get("e") == "balanceUpdate" and e.get("a") == "BTC"]
    if await until(lambda: updates(), "the deposit's balanceUpdate arrives"):
        has_fields(updates()[0], ["E", "a", "d", "T"], "balanceUpdate")
        check(Decimal(updates()[0].get("d", "0")) == Decimal("0.01"), "balanceUpdate carries the delta")

    # Protective orders: the OCO's legs and its listStatus, placed then canceled.
    list_id = await asyncio.to_thread(protective_checks, rest, tick, bid, "ws")
    def statuses():
        return [e.get("l") for e in events if e.get("e") == "listStatus" and e.get("g") == list_id]
    await until(lambda: statuses() == ["EXEC_STARTED", "ALL_DONE"], f"the OCO's listStatus events arrive (got {statuses()})")
    status_events = [e for e in events if e.get("e") == "listStatus" and e.get("g") == list_id]
    if status_events:
        has_fields(status_events[0], ["E", "s", "g", "c", "l", "L", "r", "C", "T", "O"], "listStatus")
        check(status_events[0].get("c") == "OCO" and len(status_events[0].get("O") or []) == 2, "listStatus names the OCO's two orders")
    legs = [e for e in events if e.get("e") == "executionReport" and e.get("g") == list_id]
    check(sorted(e.get("x") for e in legs) == ["CANCELED", "CANCELED", "NEW", "NEW"], f"each leg reports NEW then CANCELED (got {[e.get('x') for e in legs]})")

    unsubscribed = await api.user_data_stream_unsubscribe(subscription_id=result.subscription_id)
    check(unsubscribed.data().status == 200, "userDataStream.unsubscribe answers 200")
    await until(lambda: any(e.get("e") == "eventStreamTerminated" for e in events), "eventStreamTerminated after the unsubscribe", timeout=10)
    status = (await api.session_status()).data().result
    check(status.user_data_stream is False, "the connection stays open, without a subscription")
    await api.close_connection(close_session=True)

    # returnRateLimits=false: the answers come without them.
    quiet = await Spot(config_ws_api=ConfigurationWebSocketAPI(api_key=KEY, api_secret=SECRET, stream_url=f"{WS_BASE}/ws-api/v3",
                                                                return_rate_limits=False, timeout=10_000)).websocket_api.create_connection()
    check(quiet is not None, "a second WebSocket API connection connects")
    if quiet is not None:
        answer = (await quiet.time()).data()
        check(answer.rate_limits is None and answer.result.server_time > 0, "returnRateLimits=false answers without rateLimits")
        await quiet.close_connection(close_session=True)


async def main():
    complaints = SDKComplaints()
    logging.getLogger().addHandler(complaints)
    logging.getLogger().setLevel(logging.WARNING)
    spot = Spot(
        config_rest_api=ConfigurationRestAPI(api_key=KEY, api_secret=SECRET, base_path=BASE, timeout=10_000, retries=0),
        config_ws_api=ConfigurationWebSocketAPI(api_key=KEY, api_secret=SECRET, stream_url=f"{WS_BASE}/ws-api/v3", timeout=10_000),
        config_ws_streams=ConfigurationWebSocketStreams(stream_url=WS_BASE),
    )
    rest = spot.rest_api
    try:
        tick, bid = rest_checks(rest)
        await stream_checks(spot)
        await user_data_checks(spot, rest, tick, bid)
    except Exception as error:  # an exception is a failed check, named, not a crash without a summary
        check(False, f"unexpected {type(error).__name__}: {error}")
    for message in complaints.complaints:
        check(False, f"the SDK complained: {message}")
    library = f"binance-sdk-spot {version('binance-sdk-spot')} (binance-common {version('binance-common')})"
    await asyncio.sleep(0.1)  # lets the closed connections' transports finish before the loop ends
    print(f"sim-client-check: {passed} checks passed, {len(failures)} failed, against gen-sim with {library}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
