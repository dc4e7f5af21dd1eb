<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Tăng cường hợp tác ASEAN về khoa học, công nghệ và đổi mới sáng tạo</title>
<link href="/Content/css/style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/Scripts/jquery-1.4.1.min.js"></script>
</head>
<body>
<form name="aspnetForm" method="post" action="" id="aspnetForm">
<div><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRkZmVgQ2tYq3hGZz0m0eF7o8Hq9w4=" /></div>
<div id="wrapper">
<div id="header"><img src="/Content/images/banner_vn.jpg" alt="BỘ KHOA HỌC VÀ CÔNG NGHỆ" />
<ul id="topmenu">
<li><a href="/vn/Pages/Trangchu.aspx">Trang chủ</a></li>
<li><a href="/vn/gioi-thieu/">Giới thiệu</a></li>
<li><a href="/vn/tin-tuc/">Tin tức - Sự kiện</a></li>
<li><a href="/vn/van-ban/">Văn bản pháp luật</a></li>
<li><a href="/vn/thu-tuc-hanh-chinh/">Thủ tục hành chính</a></li>
<li><a href="/en/">English</a></li>
</ul></div>
<div id="content">
<div class="breadcrumb"><a href="/vn/Pages/Trangchu.aspx">Trang chủ</a> &gt; <a href="/vn/tin-tuc/">Tin tức - Sự kiện</a></div>
<div class="news-detail">
<h1 class="title">Tăng cường hợp tác ASEAN về khoa học, công nghệ và đổi mới sáng tạo</h1>
<div class="date">Ngày 21/08/2024</div>
<div class="summary"><strong>Đoàn Việt Nam tham dự cuộc họp Ủy ban ASEAN về Khoa học, Công nghệ và Đổi mới sáng tạo (COSTI) và các hội nghị liên quan tại Kuala Lumpur, Malaysia.</strong></div>
<div class="content">
<p>Cuộc họp COSTI lần này có sự tham dự của đại diện các nước thành viên ASEAN và Ban Thư ký ASEAN, nhằm rà soát việc thực hiện Kế hoạch hành động ASEAN về khoa học, công nghệ và đổi mới sáng tạo (APASTI) giai đoạn 2016-2025 và thảo luận dự thảo kế hoạch cho giai đoạn 2026-2035.</p>
<p>Tại cuộc họp, trưởng đoàn Việt Nam đề xuất ASEAN ưu tiên các lĩnh vực công nghệ chiến lược như trí tuệ nhân tạo, bán dẫn, công nghệ sinh học và năng lượng tái tạo, đồng thời tăng cường cơ chế chia sẻ hạ tầng nghiên cứu giữa các nước thành viên.</p>
<p>Các nước cũng thống nhất thúc đẩy sáng kiến Dịch chuyển nhân tài ASEAN (ASEAN Talent Mobility), tạo điều kiện cho các nhà khoa học trẻ trong khu vực tham gia các chương trình trao đổi, học bổng và nghiên cứu chung. Malaysia, nước sẽ đảm nhận vai trò Chủ tịch ASEAN năm 2025, cam kết hỗ trợ hoàn thiện Kế hoạch hành động giai đoạn mới.</p>
<p>Bên lề cuộc họp, đoàn Việt Nam đã làm việc song phương với Bộ Khoa học, Công nghệ và Đổi mới sáng tạo Malaysia (MOSTI) về khả năng hợp tác trong lĩnh vực công nghệ bán dẫn và nông nghiệp thông minh.</p>
<p style="text-align:right"><strong>Vụ Hợp tác quốc tế</strong></p>
</div>
<div class="tools"><a href="https://www.most.gov.vn/vn/tin-tuc/22913/tang-cuong-hop-tac-asean-ve-khoa-hoc-cong-nghe-va-doi-moi-sang-tao.aspx?print=1">In bài viết</a> | <a href="javascript:history.back()">Quay lại</a></div>
</div>
</div>
<div id="footer">
<p>CỔNG THÔNG TIN ĐIỆN TỬ BỘ KHOA HỌC VÀ CÔNG NGHỆ</p>
<p>Giấy phép số 25/GP-BC do Cục Báo chí, Bộ Văn hóa - Thông tin cấp. Địa chỉ: 113 Trần Duy Hưng, Cầu Giấy, Hà Nội.</p>
<p>Ghi rõ nguồn Cổng thông tin điện tử Bộ Khoa học và Công nghệ khi phát hành lại thông tin từ website này.</p>
<p>Số lượt truy cập: 48.215.337</p>
</div>
</div>
</form>
</body>
</html>
