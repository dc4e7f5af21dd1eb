import sys, datetime as dt
import os; sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from common2 import *; from mes_common import news
D=dt.date
items=[
 news("cuti sekolah",151,"id",D(2018,4,18),"Rabu (18/4/2018)","body_reference","TRAP: the first full dates are the coming collective-leave days '11 dan 12 Juni 2018', '20 Juni 2018' (future, not taken); the signing day 'Rabu (18/4/2018)' is the report day. Text has no line breaks between sentences as stored."),
 news("isu agama",38,"id",D(2018,6,27),"Rabu (27/6/2018)","body_reference","Detik: the only date is the written-statement day 'Rabu (27/6/2018)' (Pilkada day)."),
 news("isu agama",45,"id",D(2018,4,18),"Rabu (18/4/2018)","body_reference","Kompas regional: dateline 'BANDUNG, KOMPAS.com –' without date; TRAP: the event range '18-20 April 2018' comes first (range, not taken); the release day 'Rabu (18/4/2018)' is taken. 'Pilpres 2019' is a bare year."),
 news("isu agrikultur",109,"id",D(2018,1,25),"Kamis (25/1/2018)","body_reference","KRjogja: 'JAKARTA, KRJOGJA.com -' + speech day 'Kamis (25/1/2018)'; the corpus date is one day later (01-26)."),
 news("isu agrikultur",131,"id",D(2018,8,13),"Senin (13/8/2018)","body_reference","Tribun Bali: 'pada awal perdagangan Senin (13/8/2018)' (this morning's trading), same day as the URL; the corpus date is one day earlier (UTC)."),
 news("isu agrikultur",140,"id",D(2017,8,14),"Senin (14/8/2017)","body_reference","Kompas: press-conference day 'Senin (14/8/2017)'. Topic: agricultural human-resource programmes."),
 news("isu agrikultur",168,"id",D(2017,12,15),"Jumat, (15/12/2017)","body_reference","InfoSAWIT: TRAP: the WTO ministerial range '10-13 Desember 2017' comes first; the release day 'Jumat, (15/12/2017)' (comma before the bracket) is taken."),
 news("isu agrikultur",172,"id",D(2018,8,31),"Jumat (31/8/2018)","body_reference","Beritagar: the visit day 'Jumat (31/8/2018)'; '(24/8)' is a yearless past reference ('pekan lalu'). Corpus date 09-01."),
 news("isu air",162,"id",D(2018,7,9),"Senin (9/7/2018)","body_reference","Warta Kota: 'Pilpres 2019' (bare year) first; quote day 'Senin (9/7/2018)'. Corpus date one day earlier."),
 news("isu air",165,"id",D(2018,7,11),"Rabu (11/7/2018)","body_reference","Kompas: 'SURABAYA, KOMPAS.com -'; 'Asian Games 2018' bare year; forum day 'Rabu (11/7/2018)'. Topic: terrorism arrests forecast."),
 news("isu barisan nasional",182,"id",D(2018,7,9),"Senin, 09 Juli 2018 | 08:23 WIB","date_line","Klikbabel: site menu lines, title, then the stamp 'Senin, 09 Juli 2018 | 08:23 WIB' (zero-padded day, WIB time). 'CPNS 2018' is a bare year. Corpus date one day earlier."),
 news("isu permainan",90,"id",D(2018,11,20),"Selasa, 20 November 2018 | 14:00 WIB","date_line","Bolatimes (Suara): byline 'AUTHOR | EDITOR weekday, D Month YYYY | HH:MM WIB'; the match day 'Minggu (19/11/2018)' in the body is earlier (and its weekday is wrong: 19 Nov 2018 was a Monday) -- the stamp wins."),
 news("isu sosial media",107,"id",D(2016,11,26),"Sabtu, 26 November 2016 | 15:55 WIB","date_line","Arah.com: title, stamp 'Sabtu, 26 November 2016 | 15:55 WIB | Penulis: Dera', photo caption with yearless 'Sabtu (26/11)'."),
 news("isu dunia",223,"id",D(2018,7,10),"Selasa, 10 Juli 2018","body_reference","Tempo style: 'TEMPO.CO, Jakarta -' dateline without date; the quote day is written 'Selasa, 10 Juli 2018' (weekday, D Month YYYY), not the bracketed numeric form."),
 news("isu dunia",113,"id",D(2018,1,30),"Selasa 30 Januari 2018","body_reference","Metro TV: 'Jakarta:' dateline; press-conference day 'Selasa 30 Januari 2018' (no comma); 'pekan depan' (next week) is an undated future visit."),
 news("isu agama",7,"id",None,None,None,"HARD NEGATIVE (yearless): Republika style 'Selasa (3/4)' -- weekday and day/month only; the URL path '18/04/03' gives 2018-04-03.", min_chars=500),
 news("isu agrikultur",167,"id",None,None,None,"HARD NEGATIVE (yearless): 'Rabu (13/12)' only (Katadata); URL 2017/12/13."),
 news("isu ekonomi",22,"id",None,None,None,"HARD NEGATIVE (yearless): 'Senin (26/3)' only (Indopos); URL 2018/03/27, i.e. published the day after the quote."),
]
print(write_yaml("id", items, header("Indonesian","id")), len(items))
