import sys, subprocess, datetime as dt
import os; sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from common2 import *
D=dt.date
def P(url, text, published, date_text, basis, note, **kw): return page("article", url, text, published, date_text, basis, note, **kw)
items=[
P("https://info.radionug.org/2023/10/15th-oct-2023-morning-daily-news-by.html",
"15th OCT 2023 - Morning Daily News by Radio NUG\n\n\n၂၀၂၃ အောက်တိုဘာလ ၁၅ ရက်နေ့ မနက်ခင်း နောက်ဆုံးရပြည်တွင်းသတင်းများ\n\n\nသတင်းခေါင်းစဉ်များ -\n\n\n📌 ၁။ ရန်သူစစ်အုပ်စုအပေါ် အထိနာစေနိုင်တဲ့ စစ်ရေးဖေါ်ဆောင်မှုတွေကို တိုးမြှင့်လုပ်ဆောင်လျက်ရှိတယ်လို့ ယာယီသမ္မတအသိပေး",
D(2023,10,15),"၂၀၂၃ အောက်တိုဘာလ ၁၅ ရက်နေ့","date_line","Radio NUG (Blogger) daily bulletin: English title '15th OCT 2023 - ...' and the Burmese issue line 'YYYY month-လ DD ရက်နေ့' (Myanmar digits), same date. Cut after the first headline of the list."),
P("https://info.radionug.org/2023/09/18th-sep-2023-morning-daily-news-by.html",
"18th SEP 2023 - Morning Daily News by Radio NUG\n\n\n၂၀၂၃ စက်တင်ဘာလ ၁၈ ရက်နေ့ မနက်ခင်း နောက်ဆုံးရပြည်တွင်းသတင်းများ\n\n\nသတင်းခေါင်းစဉ်များ -\n\n\n📌 ၁။ ကြားကာလဒေသန္တရပြည်သူ့အုပ်ချုပ်ရေးဖော်ဆောင်မှု ဗဟိုကော်မတီနှင့် တနင်္သာရီတိုင်း၊ ဧရာဝတီတိုင်း၊ ပဲခူးတိုင်း ပြည်သူ့အုပ်ချုပ်ရေးအဖွဲ့များ တွေ့ဆုံဆွေးနွေးပွဲ ပြည်ထောင်စုဝန်ကြီးများတက်ရောက်\n\n📌 ၂။ အကြမ်းဖက်စစ်ကောင်စီအနေနဲ့စီးပွားရေးချွတ်ခြုံကျနေ",
D(2023,9,18),"၂၀၂၃ စက်တင်ဘာလ ၁၈ ရက်နေ့","date_line","Radio NUG daily bulletin; English title and Burmese issue line give the same date. Cut after the second headline."),
P("https://info.radionug.org/2023/04/1st-apl-2023-evening-daily-news-by.html",
"၂၀၂၃ ဧပြီလ ၁ ရက်နေ့ ညနေခင်း နောက်ဆုံးရပြည်တွင်းသတင်းများ\nသတင်းခေါင်းစဉ်များ -\n📌 ၁။ မြန်မာပြည်ရဲ့ နှစ်ရှည်လများ ဖြစ်ပေါ်တည်ရှိနေခဲ့တဲ့ ပြဿနာဟာ အာဏာရှင်တွေရဲ့ ဖိနှိပ်မှုများကြောင့် သာဖြစ်တယ်လို့ဝန်ကြီးချုပ်ပြောကြား",
D(2023,4,1),"၂၀၂၃ ဧပြီလ ၁ ရက်နေ့","date_line","Radio NUG evening bulletin; the stored excerpt starts at the Burmese issue line (no English title in the excerpt). Single-digit day ၁. Cut after the first headline."),
P("https://info.radionug.org/2022/02/18th-feb-2022-evening-daily-news-by.html",
"18th FEB 2022 - Evening Daily News by Radio NUG\n\n၂၀၂၂ ဖေဖေါ်ဝါရီလ ၁၈ ရက်နေ့ ညပိုင်း ရပြည်တွင်းသတင်းများ\n\nသတင်းခေါင်းစဉ်များ -\n\n📌မိုးဗြဲမှာ တိုက်ပွဲပြန်ဖြစ်နေပြီး ဝါရီဆူးပလှိုင်ရွာကို စစ်ကောင်စီတပ်ဖွဲ့က မီးရှို့\n📌မြန်မာစစ်အုပ်စုနဲ့ စီးပွားရေးလုပ်တာရပ်ဖို့ အာဆီယံကို Justice for Myanmar တိုက်တွန်း\n📌ချင်းအမျိုးသားနေ့ကျင်းပ",
D(2022,2,18),"၂၀၂၂ ဖေဖေါ်ဝါရီလ ၁၈ ရက်နေ့","date_line","Radio NUG bulletin; month spelled ဖေဖေါ်ဝါရီ (with ေါ, a common variant of ဖေဖော်ဝါရီ). The body (not included) has 'ဖေဖော်ဝါရီလ ၁၇ ရက်နေ့' (yesterday's fighting). Cut after the headline list."),
P("https://www.cnimyanmar.com/index.php/local-news-2/local-entertainment/20184-2024-02-03-13-32-26",
"CNI News\n၂၀၂၄ ခုနှစ်၊ ဖေဖော်ဝါရီ ၃\n\n၂၀၂၃ ခုနှစ်အတွက် မြန်မာ့ရုပ်ရှင်ထူးချွန်ဆုပေးပွဲ အခမ်းအနားမှာ ရုပ်ရှင်တစ်သက်တာဆုကို ဒါရိုက်တာ စည်သူ ဦးအောင်မြင့်မြတ်၊ စည်သူဒေါ်နွဲ့နွဲ့စန်းနဲ့ ဒါရိုက်တာ အင်္လကာကျော်စွာ ပန်းချီစိုးမိုးတို့က ရရှိသွားခဲ့ပါတယ်။\n\nမြန်မာ့ရုပ်ရှင် ထူးချွန်ဆုပေးပွဲ အခမ်းအနားကိုတော့ ဒီကနေ့(ဖေဖော်ဝါရီ ၃ ရက်နေ့)မှာ နေပြည်တော်ရှိ မြန်မာ အပြည်ပြည်ဆိုင်ရာ ကွန်ဗင်းရှင်းဗဟိုဌာန-၁(MICC-1) ခန်းမတွင် ကျင်းပနေတာ ဖြစ်ပါတယ်။",
D(2024,2,3),"၂၀၂၄ ခုနှစ်၊ ဖေဖော်ဝါရီ ၃","dateline","CNI News: 'CNI News' + 'YYYY ခုနှစ်၊ month D' (year first, Myanmar digits), confirmed by 'ဒီကနေ့(ဖေဖော်ဝါရီ ၃ ရက်နေ့)' ('today (3 Feb)'). '၂၀၂၃ ခုနှစ်အတွက်' is the award year, not a date. URL also carries 2024-02-03."),
P("https://yangonmediagroup.com/index.php/myanmar/2023-04-11-06-09-05",
"#Local_News\nPublished_ 11 April 2023\n\n \n\nယခုနှစ် ရန်ကုန်သင်္ကြန်ပွဲတော်အတွင်း ရုပ်ရှင်၊ သဘင်၊ ဂီတအဖွဲ့အစည်းများမှ ဖျော်ဖြေရေး ယိမ်း ၆၈ ဖွဲ့ က ဖျော်ဖြေသွားမည်ဖြစ်ကြောင်း ရန်ကုန်မြို့တော်စည်ပင်သာယာရေးကော်မတီက သိရသည်။",
D(2023,4,11),"Published_ 11 April 2023","date_line","Yangon Media Group: English date stamp 'Published_ DD Month YYYY' above Burmese text; one-sentence paragraph; the next line is a space-only line (kept)."),
P("https://yangonmediagroup.com/index.php/myanmar/2023-03-28-08-27-18",
"#LocalNews\nPublished_ 28March 2023\nရန်ကုန်တိုင်းဒေသကြီးအတွင်း မြို့နယ်အချို့တွင် ယနေ့ မတ်လ ၂၈ ရက် မွန်းလွဲ ၁နာရီ ၂၃ မိနစ်ခန့်က လှုပ်ခတ်ခဲ့သည့် ငလျင်ကို ရန်ကုန်နေပြည်သူများ သိသိသာသာ ခံစားခဲ့ကြရကြောင်း သိရသည်။",
D(2023,3,28),"Published_ 28March 2023","date_line","YMG: date stamp without a space between day and month ('28March'); the lead has 'ယနေ့ မတ်လ ၂၈ ရက်' ('today 28 March', no year), same day. Earthquake felt in Yangon."),
P("https://yangonmediagroup.com/index.php/latest?start=7608",
"Published_ 06 November 2023\nမြန်မာနိုင်ငံသားများအနေဖြင့် အမေရိကန်နိုင်ငံ၏ ဖူးလ်ဘရိုက်ပညာသင်ဆုအစီအစဉ်ကို နိုဝင်ဘာလ(၃၀)ရက် နောက်ဆုံးထားပြီး လျှောက်ထားနိုင်ကြောင်း မြန်မာနိုင်ငံဆိုင်ရာအမေရိကန်သံရုံး၏ထုတ်ပြန်ချက်အရသိရသည်။\nအမေရိကန်ပြည်ထောင်စုတွင် သုတေသနပြုလုပ်ရန် စိတ်ကူးရှိသူများပါဝင်လျှောက်ထားနိုင်မည်ဖြစ်ပြီး ၂၀၂၄ ဖူးလ်ဘရိုက်ပညာသင်ဆုအစီအစဉ်၏ အမေရိကန်-အာဆီယံ ဧည့်ပညာရှင်ပညာသင်ဆုအစီအစဉ် (Fulbright U.S.-ASEAN Visiting Scholar Program)၌ပါဝင်နိုင်မည်ဖြစ်သည်။",
D(2023,11,6),"Published_ 06 November 2023","date_line","YMG listing page (its first entry): 'Published_ 06 November 2023'. The deadline 'နိုဝင်ဘာလ(၃၀)ရက်' (30 Nov, no year, future) and the programme year ၂၀၂၄ are not publication dates. Topic: Fulbright U.S.-ASEAN scholar programme (research cooperation)."),
P("https://yangonmediagroup.com/index.php/local-news?start=70",
"#Local_News\nPublished 25 August 2025\n▪️ ရန်ကုန်တိုင်းဒေသကြီးတရားလွှတ်တော် ရှေးဟောင်းအဆောက်အအုံအား ရှေးမူမပျက် ပြန်လည်ပြုပြင်ထိန်းသိမ်းနေကြောင်းသိရသည်။",
D(2025,8,25),"Published 25 August 2025","date_line","YMG listing page, first entry; stamp 'Published DD Month YYYY' (no underscore). Cut after the first bullet; later bullets hold historical years (1905, 1911, 2011)."),
P("https://themyawadydaily.blogspot.com/2016/10/blog-post_372.html",
"Social Icons\n\nPages\n\nMonday, October 31, 2016\n\nရန္ကုန္ၿမိဳ႕၌ ဒုတိယအႀကိမ္ ေလထုတုိင္းတာၿပီးမွသာ ေလထု ညစ္ညမ္းမႈအျမင့္ဆံုး ေနရာကို သိရွိႏုိင္မည္\n\n\n\nရန္ကုန္ ၊ ၃၁-၁၀-၂၀၁၆\n\nရန္ကုန္ၿမိဳ႕၌ ဒုတိယအႀကိမ္ ေလထု တုိင္းတာျခင္း ျပဳလုပ္ၿပီးမွသာ ရလဒ္မ်ားကို ႏႈိင္းယွဥ္၍ ေလထု ညစ္ညမ္းမႈ အျမင့္ဆံုး ေနရာကို သိရွိႏုိင္မည္ ျဖစ္ေၾကာင္း ရန္ကုန္ၿမိဳ႕ေတာ္ စည္ပင္ သာယာေရး ေကာ္မတီ ပတ္၀န္းက်င္ ထိန္းသိမ္းေရး ႏွင့္ သန္႔ရွင္းေရးဌာန လက္ေထာက္ ဌာနမွဴး ေဒါက္တာ ေအာင္ျမင့္ေမာ္ ထံမွ သိရသည္။",
D(2016,10,31),"Monday, October 31, 2016","date_line","Myawady Daily (Blogger), ZAWGYI text (ၿမိဳ႕, ႏုိင္, ေ typed first). Blogger header 'Monday, October 31, 2016' (English) and the numeric Myanmar-digit dateline 'ရန္ကုန္ ၊ ၃၁-၁၀-၂၀၁၆' (D-M-YYYY) agree. The body's 2015-2016 measuring period (further on) is past.", encoding="zawgyi"),
P("http://burmese.bnionline.net/multimedia/%E1%80%97%E1%80%AE%E1%80%92%E1%80%AE%E1%80%9A%E1%80%AD%E1%80%AF/item/8630-%E1%80%99%E1%80%BC%E1%80%94%E1%80%B9%E1%80%98%E1%80%AC%E1%80%9E%E1%80%AC-%E1%80%A1%E1%80%85%E1%80%AE%E1%80%A1%E1%80%85%E1%80%A5%E1%80%B9-%E1%80%87%E1%80%BC%E1%80%94%E1%80%B9%E1%80%9C-%E1%81%81%E1%81%89%E1%81%8A-%E1%81%82%E1%81%80%E1%81%81%E1%81%87",
"မြန္ဘာသာ အစီအစဥ္ (ဇြန္လ ၁၉၊ ၂၀၁၇)\n\nက်ိဳက္မေရာၿမိဳ႕နယ္ ဓမၼသေက်း႐ြာနဲ႔ ေကာ့ပလိုင္ေက်း႐ြာအၾကားမွာ ၂၀၀၃ ခုႏွစ္ကတည္းက ဆည္ေျမာင္းတူးေဖာ္လိုက္ၿပီးတဲ့ေနာက္ ဒီႏွစ္ေကာက္စိုက္တဲ့အခ်ိန္ထိ လယ္လုပ္ကိုင္လို႔ မရေသးပါဘူး။",
D(2017,6,19),"ဇြန္လ ၁၉၊ ၂၀၁၇","headline","BNI (Burma News International) Mon-language programme page; ZAWGYI text. The date is in the title '(ဇြန္လ ၁၉၊ ၂၀၁၇)' = month D, YYYY (Myanmar digits, comma ၊); the URL slug percent-encodes the same Zawgyi title. '၂၀၀၃ ခုႏွစ္ကတည္းက' ('since 2003') is past.", encoding="zawgyi"),
P("https://www.buy2donate.online/post/%E1%80%94-%E1%80%85%E1%80%89-%E1%80%9E%E1%80%90%E1%80%84-%E1%80%85-%E1%80%85%E1%80%8A-%E1%80%99-%E1%81%82%E1%81%80%E1%81%82%E1%81%84-%E1%80%81-%E1%80%94-%E1%80%85-%E1%80%99-%E1%80%9C-%E1%81%81-%E1%80%9B%E1%80%80",
"top of page\nWriter's pictureMyo Yan Naung Thein\n\nနေ့စဉ်သတင်းစုစည်းမှု - ၂၀၂၄ ခုနှစ် မေလ ၁ ရက်\n\nနေ့စဉ်သတင်းစုစည်းမှု\n\n01-May-2024\n\n\nတိုက်ပွဲသတင်း\n\n\n၁။ ရန်ကုန်-မော်လမြိုင်လမ်း မုပ္ပလင်လမ်းဆုံစစ်ဆေးရေးဂိတ်အနီး တိုက်ပွဲဖြစ်ပွား\n\n\nမေ ၁ ၊ Mizzima",
D(2024,5,1),"၂၀၂၄ ခုနှစ် မေလ ၁ ရက်","headline","Daily news digest (Wix blog): title 'နေ့စဉ်သတင်းစုစည်းမှု - YYYY ခုနှစ် month-လ D ရက်', then an English numeric stamp '01-May-2024' and a source line 'မေ ၁ ၊ Mizzima' (no year). Site chrome ('top of page', author) kept as stored. Cut after the first source line."),
P("https://eraseye.com/2026/11/44359",
"နောက်ဆုံးတင်ဆက်ထားသည်မှာ 2026 ခုနှစ်၊ ဖေဖော်ဝါရီလ 11 ရက်\n\nနိုင်ငံတကာသတင်း\n\nနိုင်ငံတကာသတင်း ပါလက်စတိုင်း အစ္စရေး\n\nတဲလ်အဗစ်၊ အစ္စရေး — အစ္စရေးဝန်ကြီးချုပ် ဘင်ဂျမင် နေတန်ယာဟု၏ ယခုသီတင်းပတ် ဝါရှင်တန်ဒီစီ ခရီးစဉ်မတိုင်မီ၊ အစ္စရေးသည် သိမ်းပိုက်ထားသော အနောက်ဖက်ကမ်း (West Bank) ဒေသအပေါ် ၎င်း၏ထိန်းချုပ်မှုကို တင်းကျပ်ရန် ကျယ်ပြန့်သော ခြေလှမ်းများကို ဆက်တိုက်လုပ်ဆောင်ခဲ့သည်။\n\nCNN- ၂၀၂၆ခုနှစ်၊ ဖေဖော်ဝါရီလ ၁၁ရက်",
D(2026,2,11),"2026 ခုနှစ်၊ ဖေဖော်ဝါရီလ 11 ရက်","date_line","Era Eye: page stamp 'နောက်ဆုံးတင်ဆက်ထားသည်မှာ' ('last presented on') with ARABIC digits in a Burmese date; the source credit 'CNN- ၂၀၂၆ခုနှစ်၊ ဖေဖော်ဝါရီလ ၁၁ရက်' (Myanmar digits, no spaces) gives the same day. The URL path '2026/11' does not match the month (site numbering); the text date is taken."),
P("https://eraseye.com/2025/11/36905/",
"နောက်ဆုံးတင်ဆက်ထားသည်မှာ 2025 ခုနှစ်၊ ဧပြီလ 26 ရက်\n\nနိုင်ငံတကာသတင်း\n\nနိုင်ငံတကာသတင်း အမေရိကန်\n\nအမေရိကန် နိုင်ငံခြားရေးဝန်ကြီး၏ မာကိုရိုဘီယို၏ မှတ်ချက်\n\n+++++++++++++++++++++\n\nမာကိုရိုဘီယို၏ မှတ်ချက်သည် မာမွတ်ခါလီလ် (Mahmoud Khalil) ၏ ယုံကြည်ချက်များကို ကိုးကားပြီး ၎င်းအား ပြည်နှင်ဒဏ်ပေးမှုကို တရားမျှတမှုရှိသည်ဟု အကြောင်းပြချက်ပေးခဲ့သည်။",
D(2025,4,26),"2025 ခုနှစ်၊ ဧပြီလ 26 ရက်","date_line","Era Eye page stamp with Arabic digits (see the other Era Eye item); the body's 'မတ်လ ၈ ရက်နေ့က' (8 March, past, no year) is not taken. URL path '2025/11' differs from the stamp month."),
P("https://m-mediagroup.com/news/tag/oman",
"News @ M-Media\n\nTag: Oman\n\n  • အိုမန်ဘုရင် ဆူလ်တန် ကဘူးစ် ကွယ်လွန်\n\n    အိုမန်ဘုရင် ဆူလ်တန် ကဘူးစ် ကွယ်လွန်\n\n    ဇန်နဝါရီ ၁၁၊ ၂၀၂၀\n    M-Media\n\n    ကွယ်လွန်သွားသည့် ဆူလ်တန် ကဘူးစ်\n\n    -အိုမန်နိုင်ငံကို အုပ်စိုးသူ ဆူလ်တန် ကဘူးစ်ဟာ သောကြာနေ့ညနေပိုင်းက ကွယ်လွန်သွားခဲ့ပြီး ယဉ်ကျေးမှုဝန်ကြီးဟောင်း ဟေသမ် ဘင် တာရစ် အလ် စအစ်က အိုမန်ဘုရင်သစ်အဖြစ် ကျမ်းကျိန်ခဲ့ပါတယ်။",
D(2020,1,11),"ဇန်နဝါရီ ၁၁၊ ၂၀၂၀","date_line","M-Media tag listing: byline date 'month D၊ YYYY' (Myanmar digits) above the author 'M-Media'; the death itself is 'သောကြာနေ့ညနေပိုင်းက' (Friday evening, past). Indentation kept as stored."),
]
neg=[
P("https://hsanloivoice.org/?p=10709",
"ထိုင်းတော်ဝင် မိဖုရားကြီး Queen Sirikit အသက် ၉၃ နှစ်အရွယ်တွင် နတ်ရွာစံသွားခဲ့ပြီ | တောင်ကြီး-ဟိုပုံးလမ်းမှာ ရပ်ထားတဲ၁၂ဘီးကားကို ဆီဘောက်ဆာကားက အရှိန်လွန်ပြီး ဝင်တိုက်မိလို့ယာဥ်မောင်းတစ်ဦး ပွဲချင်းပြီး သေဆုံး | နှစ်ဖက်တွေ့ဆုံဆွေးနွေးနိုင်ရန် SSPP/SSA အား ထိုးစစ်ဆင် တိုက်ခိုက်မှုကို (၁၀) ရက်အတွင်း လုံးဝ အပစ်ရပ်စဲရန် RCSS/SSA ထုတ်ပြန် | ဖမ်းဆီးခံထားရသည့် ဒေါ်အောင်ဆန်းစုကြည် ထွက်လာသော်လည်း မပြောင်းလဲ ပြည်သူ့ဆန္ဒအတိုင်းရှေ့ဆက်မည်ဟု NUG ဝန်ကြီးချုပ်ပြော  | အရေးပေါ်ကာလသက်တမ်း (၆) လ ထပ်တိုးကြောင်း အမျိုးသားကာကွယ်ရေးနှင့်လုံခြုံရေးကောင်စီ အစည်းအဝေးကျင်းပပြီးသတ်မှတ်\n\nအောက်တို့ဘာလ (၂၈) ရက်နေ့မှ နိုဝင်ဘာလ (၃) ရက်နေ့အထိ တောင်ကြီးမြို့ယာဉ်ထိန်းရဲအဖွဲ့က တောင်ကြီးမြို့တွင် ဖမ်းဆီးထိန်းသိမ်းထားသော မော်တော်ဆိုင်ကယ်များဖြစ်သည်။",
None,None,None,"HARD NEGATIVE (range, no year): a news ticker, then a photo caption with the range 'အောက်တို့ဘာလ (၂၈) ရက်နေ့မှ နိုဝင်ဘာလ (၃) ရက်နေ့အထိ' (28 Oct - 3 Nov, bracketed Myanmar digits, 'အောက်တို့ဘာ' misspelt) and no year. Ticker items (Queen Sirikit's death) suggest late Oct / Nov 2025 but the text has no date. Double space before the last '|' kept."),
P("https://myanmargazette.net/243893",
"မြန်မာပြည် သတင်းဒိုင်ယာရီ Oct 2025\nOct 29 ။ မြန်မာစစ်ခေါင်းဆောင်ကို အာဆီယံအစည်းအဝေး တက်ရောက်ခွင့် ဆက်ပိတ်ခဲ့ပြီး မြန်မာပြည်ရွေးကောက်ပွဲကို စောင့်ကြည့်ဖို့ ကိုယ်စားလှယ်စေလွှတ်၊ မလွှတ်ဘူးဆိုတာ မဆုံးဖြတ်ဘဲ မှတ်သားထားကြောင်း အာဆီယံထိပ်သီးအစည်းအဝေးထုတ်ပြန်ချက်မှာ ဖော်ပြပါတယ်။",
None,None,None,"HARD NEGATIVE (month-year title, day without year): title 'သတင်းဒိုင်ယာရီ Oct 2025' (month + year only) and the diary entry 'Oct 29 ။' (no year); a reader can combine them to 29 Oct 2025 but no full date is stated. The stored page's metadata prefix ' date 2025-11-02 ' became corpus_date.", corpus_date=D(2025,11,2)),
P("https://www.myanmardigitalnewspaper.com/my/niungngntteaaciimnaupkhuprekeaangciiukktttth-niungngntteaawnkiikhup-biulkhupmuukii-mngaeaangliung-9",
"နေပြည်တော် ဒီဇင်ဘာ ၄\n\n၂၀၂၀ ပြည့်နှစ် အမျိုးသားစာပေတစ်သက်တာဆု၊ အမျိုးသားစာပေဆုနှင့် စာပေဗိမာန်စာမူဆု ဆုချီးမြှင့်ပွဲအခမ်းအနားကို စာဆိုတော်နေ့ဖြစ်သည့် ယနေ့နံနက်ပိုင်းတွင် ရန်ကုန်တိုင်းဒေသကြီး ရန်ကင်းမြို့နယ်ရှိ မြဝတီမီဒီယာစင်တာ၌ ကျင်းပပြုလုပ်ရာ နိုင်ငံတော်စီမံအုပ်ချုပ်ရေးကောင်စီဥက္ကဋ္ဌ နိုင်ငံတော်ဝန်ကြီးချုပ် ဗိုလ်ချုပ်မှူးကြီး မင်းအောင်လှိုင် တက်ရောက်ဂုဏ်ပြုအမှာစကား ပြောကြားပြီး ဆုများချီးမြှင့်ပေးအပ်သည်။",
None,None,None,"HARD NEGATIVE (yearless dateline): MNA dateline 'နေပြည်တော် ဒီဇင်ဘာ ၄' (4 Dec, no year) + 'ယနေ့' (today); '၂၀၂၀ ပြည့်နှစ်' is the award year (the ceremony was probably 4 Dec 2021), not a date."),
P("https://sacministry.gov.mm/my/news-social?page=2",
"သတင်းများ\n\nတရုတ်နိုင်ငံ၏ နွေဦးပွဲတော်ကို ယူနက်စကိုက ဒြပ်မဲ့ယဉ်ကျေးမှုအမွေအနှစ်စာရင်းတွင် ထည့်သွင်းသတ်မှတ်\n\nပေကျင်း  ဒီဇင်ဘာ ၈\n\nတရုတ်နိုင်ငံ၏ နွေဦးပွဲတော်ကို ယူနက်စကိုက ဒြမ်မဲ့ယဉ်ကျေးမှုအမွေအနှစ်စာရင်းတွင် ဒီဇင်ဘာ ၄ ရက်က ထည့်သွင်းသတ်မှတ်ခဲ့ကြောင်း ဂလိုဘယ်တိုင်းစ်သတင်းစာ သတင်းအရ သိရသည်။",
None,None,None,"HARD NEGATIVE (yearless dateline + past): 'ပေကျင်း  ဒီဇင်ဘာ ၈' (Beijing 8 Dec, two spaces, no year) and 'ဒီဇင်ဘာ ၄ ရက်က' (4 Dec, past marker က). The inscription was in Dec 2024."),
]
M="/work/.mirror/stevenay+Myanmar-News-Data/repo"; C="7037a3a8808121f38e47ceff4b985ff82a4993e2"
LIC="none: the repository has no licence file (README: collected from 7Day news and Eleven news websites)"
def repo(path, note, min_chars=600):
    t=subprocess.run(["git","-C",M,"show",f"{C}:{path}"],capture_output=True,check=True).stdout.decode()
    tr=False
    if len(t)>min_chars+200:
        i=t.find("။",min_chars)
        if i>=0: t=t[:i+1]; tr=True
    ms=int(path.rsplit("/",1)[1].split(".")[0]); cd=dt.datetime.utcfromtimestamp(ms/1000).date()
    return dict(kind="article", text=t, published=None, date_text=None, date_basis=None, url=None,
        provenance={"repository":"stevenay/Myanmar-News-Data","path":path,"commit":C,"licence":LIC}, encoding="unicode", trimmed=tr,
        note=f"Eleven Media (news-eleven.com) text as stored (no title). {note} File name = collection time stamp {cd.isoformat()}.")
neg += [
 repo("entertainment/1535511363862.txt","HARD NEGATIVE (future): the only full date '၂၀၁၉ ခုနှစ် နို၀င်ဘာ ၁ ရက်တွင် ဖြန့်ချိရန်စီစဉ်' is a planned film release (future); note the Zawgyi-era ၀ (digit zero) for ဝ in နို၀င်ဘာ.", min_chars=900),
 repo("editorial/1535511933388.txt","HARD NEGATIVE (historical): '၂၀၀၈ ခုနှစ် မေ ၂ ရက်နှင့် ၃ ရက်တို့တွင်' is Cyclone Nargis (2-3 May 2008), a historical two-day date, not the publication date.", min_chars=900),
]
items += neg
print(write_yaml("my", items, header("Myanmar / Burmese","my")), len(items))
