"""Traditional Chinese characters folded to simplified ones before matching.

The zh cues are written in simplified characters; customers from Hong Kong and
Taiwan write 你們、東西、過分、騙子. A one-to-one character table (no word-level
conversion) keeps every character offset, so hits still map onto the text. It
covers common characters of customer messages, not the whole script.
"""

from __future__ import annotations

# Aligned: the n-th character of _TRADITIONAL becomes the n-th of _SIMPLIFIED.
_TRADITIONAL = (
    "們個東過這還沒發錯貨說誰單圖裡裏麼裝覆請問處兩週誇張師態負責時間給對會讓嗎號點樣"
    "幾爲為蘇氣騙廢爛懶訴協罵難夠當應該開關門買賣錢費運輸壞換貼網頁話電視務員場專業經"
    "歷驗證據記錄掃碼傳達遞郵寶愛聽見覺親讀寫謝認識誤較長遠離續實際與並從後準備麵憤惱"
    "煩討厭噁惡詐強盜賴癡癢瘋滾聾幹貪質產級標價優劵積額賬帳戶銀罰賠償訂購預約內隨數確"
    "係統線機層損傷補頭腦筆紙書車輛飛館醫藥緊馬趕盡緣術導檢測試擔憂慮願歡謊擾廣聯繫絡"
    "組織權監總闆領轉審歸狀況題決辦語調節稅錶鐘鬧寧靜亂齊顧讚獎勵罷頻斷邊蝸豬貓雞鳥魚"
    "蟲龜吶囉嘍唄"
)
_SIMPLIFIED = (
    "们个东过这还没发错货说谁单图里里么装复请问处两周夸张师态负责时间给对会让吗号点样"
    "几为为苏气骗废烂懒诉协骂难够当应该开关门买卖钱费运输坏换贴网页话电视务员场专业经"
    "历验证据记录扫码传达递邮宝爱听见觉亲读写谢认识误较长远离续实际与并从后准备面愤恼"
    "烦讨厌恶恶诈强盗赖痴痒疯滚聋干贪质产级标价优券积额账账户银罚赔偿订购预约内随数确"
    "系统线机层损伤补头脑笔纸书车辆飞馆医药紧马赶尽缘术导检测试担忧虑愿欢谎扰广联系络"
    "组织权监总板领转审归状况题决办语调节税表钟闹宁静乱齐顾赞奖励罢频断边蜗猪猫鸡鸟鱼"
    "虫龟呐啰喽呗"
)
_TABLE = str.maketrans(_TRADITIONAL, _SIMPLIFIED)


def to_simplified(text: str) -> str:
    """The text with the table's traditional characters replaced, same length."""
    return text.translate(_TABLE)
