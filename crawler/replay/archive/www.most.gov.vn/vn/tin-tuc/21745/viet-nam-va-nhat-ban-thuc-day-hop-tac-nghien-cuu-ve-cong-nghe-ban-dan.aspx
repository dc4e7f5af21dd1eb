<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="Head1"><meta http-equiv="Content-Type" content="text/html; charset=windows-1258" />
<title>Việt Nam và Nhật Bản thúc đẩy hợp tác nghiên cứu về công nghệ bán dẫn</title>
<link href="/Content/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/jquery-1.4.1.min.js"></script>
</head>
<body>
<form name="aspnetForm" method="post" action="" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkZmVgQ2tYq3hGZz0m0eF7o8Hq9w4=" /></div>
<div id="wrapper">
<div id="header"><img src="/Content/images/banner_vn.jpg" alt="BỘ KHOA HỌC VÀ CÔNG NGHỆ" />
<ul id="topmenu">
<li><a href="/vn/Pages/Trangchu.aspx">Trang chủ</a></li>
<li><a href="/vn/gioi-thieu/">Giới thiệu</a></li>
<li><a href="/vn/tin-tuc/">Tin tức - Sự kiện</a></li>
<li><a href="/vn/van-ban/">Văn bản pháp luật</a></li>
<li><a href="/vn/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li>
<li><a href="/en/">English</a></li>
</ul></div>
<div id="content">
<div class="breadcrumb"><a href="/vn/Pages/Trangchu.aspx">Trang chủ</a> &gt; <a href="/vn/tin-tuc/">Tin tức - Sự kiện</a></div>
<div class="news-detail">
<h1 class="title">Việt Nam và Nhật Bản thúc đẩy hợp tác nghiên cứu về công nghệ bán dẫn</h1>
<div class="date">Ngày 12/09/2023</div>
<div class="summary"><strong>Ngày 12/09/2023, tại Hà Nội, Bộ Khoa học và Công nghệ tổ chức Hội thảo hợp tác Việt Nam - Nhật Bản về nghiên cứu và phát triển công nghệ bán dẫn.</strong></div>
<div class="content">
<p>Hội thảo do Bộ Khoa học và Công nghệ phối hợp với Cơ quan Khoa học và Công nghệ Nhật Bản (JST) tổ chức, với sự tham gia của hơn 150 đại biểu đến từ các viện nghiên cứu, trường đại học và doanh nghiệp hai nước.</p>
<p>Phát biểu khai mạc, Thứ trưởng Bộ Khoa học và Công nghệ cho biết công nghiệp bán dẫn là một trong những ngành công nghiệp nền tảng được Chính phủ ưu tiên phát triển. Việt Nam có lợi thế về nguồn nhân lực trẻ, môi trường đầu tư ổn định và đang hoàn thiện chính sách thu hút đầu tư vào thiết kế, sản xuất, đóng gói và kiểm thử chip.</p>
<p>Đại diện JST giới thiệu chương trình hợp tác nghiên cứu quốc tế về khoa học và công nghệ vì phát triển bền vững (SATREPS) và đề xuất mở rộng hợp tác trong lĩnh vực vật liệu bán dẫn thế hệ mới. Các nhà khoa học hai nước đã trao đổi về kết quả nghiên cứu vật liệu bán dẫn nitride, thiết kế vi mạch công suất thấp và ứng dụng trong thiết bị Internet vạn vật.</p>
<p>Kết thúc hội thảo, hai bên thống nhất thành lập nhóm công tác chung để xây dựng danh mục đề tài hợp tác nghiên cứu giai đoạn 2024-2026 và thúc đẩy trao đổi nghiên cứu sinh, thực tập sinh giữa các phòng thí nghiệm của hai nước.</p>
<p style="text-align:right"><strong>Trung tâm Thông tin KH&amp;CN</strong></p>
</div>
<div class="tools"><a href="https://www.most.gov.vn/vn/tin-tuc/21745/viet-nam-va-nhat-ban-thuc-day-hop-tac-nghien-cuu-ve-cong-nghe-ban-dan.aspx?print=1">In bài viết</a> | <a href="javascript:history.back()">Quay lại</a></div>
</div>
</div>
<div id="footer">
<p>CỔNG THÔNG TIN ĐIỆN TỬ BỘ KHOA HỌC VÀ CÔNG NGHỆ</p>
<p>Giấy phép số 25/GP-BC do Cục Báo chí, Bộ Văn hóa - Thông tin cấp. Địa chỉ: 113 Trần Duy Hưng, Cầu Giấy, Hà Nội.</p>
<p>Ghi rõ nguồn Cổng thông tin điện tử Bộ Khoa học và Công nghệ khi phát hành lại thông tin từ website này.</p>
<p>Số lượt truy cập: 48.215.337</p>
</div>
</div>
</form>
</body>
</html>
